import { createServer, request as httpRequest, type Server } from "node:http";

/**
 * A counting proxy in front of DynamoDB Local: the host under test talks to it as to DynamoDB, and
 * it tallies what each request costs. Counting on the wire measures any version of the code the
 * same way (the bench's "before" figures come from the same counter run on the earlier commit).
 * Units assume items under 1 KB: a write 1 WCU, a transactional item 2, a strongly consistent
 * read 1 RCU and an eventually consistent one 0.5, a Query 1 request (its units grow with size).
 */
export interface Tally {
  readRequests: number;
  writeRequests: number;
  rcu: number;
  wcu: number;
}

export const emptyTally = (): Tally => ({ readRequests: 0, writeRequests: 0, rcu: 0, wcu: 0 });

export function count(t: Tally, operation: string, body: Record<string, unknown>): void {
  const consistent = body.ConsistentRead === true;
  switch (operation) {
    case "GetItem":
    case "Query":
      t.readRequests++;
      t.rcu += consistent ? 1 : 0.5;
      return;
    case "BatchGetItem": {
      const tables = Object.values((body.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>);
      t.readRequests++;
      t.rcu += tables.reduce((n, x) => n + (x.Keys?.length ?? 0), 0) * 0.5;
      return;
    }
    case "PutItem":
    case "UpdateItem":
    case "DeleteItem":
      t.writeRequests++;
      t.wcu += 1;
      return;
    case "TransactWriteItems":
      t.writeRequests++;
      t.wcu += ((body.TransactItems as unknown[] | undefined)?.length ?? 0) * 2;
      return;
    case "BatchWriteItem": {
      const tables = Object.values((body.RequestItems ?? {}) as Record<string, unknown[]>);
      t.writeRequests++;
      t.wcu += tables.reduce((n, x) => n + x.length, 0);
      return;
    }
  }
}

export async function startCountingProxy(
  target: string,
  tally: () => Tally,
): Promise<{ endpoint: string; server: Server }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const operation = String(req.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      try {
        count(
          tally(),
          operation,
          raw.length ? (JSON.parse(raw.toString("utf8")) as Record<string, unknown>) : {},
        );
      } catch {
        // Not JSON: not a data-plane request worth counting.
      }
      const forward = httpRequest(
        { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
        (upstream) => {
          res.writeHead(upstream.statusCode ?? 502, upstream.headers);
          upstream.pipe(res);
        },
      );
      forward.on("error", () => res.destroy());
      forward.end(raw);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, server };
}
