import { randomUUID, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { guardEdge, safeDecode } from "../../shared/http/edge-guard";
import { HTTP_ROUTES, type HttpRoute, MAX_BODY_BYTES } from "../../shared/http/routes";
import type { LocalFunction } from "./functions";
import { localContext } from "./lambda-context";

/** A route served only by the local host (jobs on demand, SES event injection). */
export interface LocalRoute {
  method: HttpRoute["method"];
  path: string;
  auth: "admin" | "public";
  handle(request: { params: Record<string, string>; query: Record<string, string>; body: Buffer }): Promise<{
    statusCode: number;
    body: unknown;
  }>;
}

export interface HttpServerOptions {
  functions: Record<string, LocalFunction>;
  localRoutes: LocalRoute[];
  adminToken: string;
}

/** Reads at most this much: above MAX_BODY_BYTES the function answers 413 itself; far above, we stop reading. */
const READ_LIMIT = MAX_BODY_BYTES * 4;

/**
 * The local stand-in for API Gateway's HTTP API: the same routes (shared/http/routes.ts), the same
 * payload format 2.0 events, the same handlers. Admin routes take a bearer token here where AWS
 * uses IAM.
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const compiled = [
    ...HTTP_ROUTES.map((r) => ({
      ...r,
      matcher: compile(r.path),
      local: undefined as LocalRoute | undefined,
    })),
    ...options.localRoutes.map((r) => ({ ...r, target: "", matcher: compile(r.path), local: r })),
  ];
  return createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://localhost");
      const candidates = compiled.filter((r) => r.matcher.regex.test(url.pathname));
      if (candidates.length === 0) return send(res, 404, { error: "no such route" });
      const route = candidates.find((r) => r.method === req.method);
      if (!route) return send(res, 405, { error: `method ${req.method} not allowed here` });
      if (route.auth === "admin" && !bearerMatches(req.headers.authorization, options.adminToken)) {
        return send(res, 401, { error: "missing or wrong Authorization: Bearer <ADMIN_TOKEN>" });
      }
      const body = await readBody(req);
      if (body === "too-large")
        return send(res, 413, { error: `the body is larger than ${MAX_BODY_BYTES / 1024} KB` });
      const params = route.matcher.params(url.pathname);
      const query = Object.fromEntries(url.searchParams);
      if (route.local) {
        // The functions' routes are guarded by their own handlers (as in AWS); these by the same guard here.
        const refused = guardEdge({
          rawPath: url.pathname,
          rawQueryString: url.search.slice(1),
          pathParameters: params,
          queryStringParameters: query,
          body,
        });
        if (refused) return send(res, refused.statusCode, JSON.parse(String(refused.body)));
        const out = await route.local.handle({ params, query, body });
        return send(res, out.statusCode, out.body);
      }
      const fn = options.functions[route.target];
      if (!fn) return send(res, 500, { error: `function ${route.target} is not wired` });
      const event = toApiEvent(req, url, `${route.method} ${route.path}`, params, body);
      const result = (await fn(event, localContext(route.target))) as APIGatewayProxyStructuredResultV2;
      res.writeHead(result.statusCode ?? 200, result.headers as Record<string, string>);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? "", "base64") : (result.body ?? ""));
    } catch (error) {
      console.error(`[http] ${req.method} ${req.url?.split("?")[0]} failed: ${(error as Error).message}`);
      if (!res.headersSent) send(res, 500, { error: "internal error" });
      else res.end();
    }
  });
}

function compile(path: string) {
  const names: string[] = [];
  const pattern = path.replace(/\{([^}+]+)\+?\}/g, (_, name: string) => {
    names.push(name);
    return "([^/]+)";
  });
  const regex = new RegExp(`^${pattern}/?$`);
  return {
    regex,
    params(pathname: string): Record<string, string> {
      const m = regex.exec(pathname);
      // Malformed percent-encoding is passed on as sent: the edge guard refuses it with a 400.
      return Object.fromEntries(
        names.map((n, i) => {
          const raw = m?.[i + 1] ?? "";
          return [n, safeDecode(raw) ?? raw];
        }),
      );
    },
  };
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const received = Buffer.from(/^Bearer (.+)$/.exec(header ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return received.length === expected.length && timingSafeEqual(received, expected);
}

async function readBody(req: IncomingMessage): Promise<Buffer | "too-large"> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > READ_LIMIT) return "too-large";
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toApiEvent(
  req: IncomingMessage,
  url: URL,
  routeKey: string,
  pathParameters: Record<string, string>,
  body: Buffer,
): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(",") : v;
  const now = new Date();
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(url.search ? { queryStringParameters: Object.fromEntries(url.searchParams) } : {}),
    ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: headers.host ?? "localhost",
      domainPrefix: "local",
      http: {
        method: req.method ?? "GET",
        path: url.pathname,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.socket.remoteAddress ?? "127.0.0.1",
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      stage: "$default",
      time: now.toISOString(),
      timeEpoch: now.getTime(),
    },
    // Base64 keeps the exact bytes that signatures are computed over.
    body: body.toString("base64"),
    isBase64Encoded: true,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
