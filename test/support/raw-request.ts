import { type Agent, request } from "node:http";

/** A request sent byte for byte: duplicate header lines, invalid bytes, bad percent-encoding, bodies on GET. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/**
 * Raw node:http, because fetch normalises what a hostile client would not (a path of "/webhooks/%"
 * goes out exactly so). Resolves with the status and the body as text.
 */
export function sendRaw(
  baseUrl: string,
  req: RawRequest,
  agent?: Agent,
): Promise<{ status: number; body: string }> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {
      ...req.headers,
      "content-length": String(req.body.length),
    };
    if (headers["content-type"] === "") delete headers["content-type"];
    const r = request(
      { agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }),
        );
      },
    );
    r.on("error", reject);
    r.end(req.body);
  });
}
