import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { guardEdge } from "../http/edge-guard";
import { type HttpResult, json } from "../http/responses";

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpUseCase = (event: HttpEvent) => Promise<HttpResult>;

/** The raw body bytes as the caller sent them: signatures are computed over exactly these. */
export function rawBody(event: Pick<HttpEvent, "body" | "isBase64Encoded">): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, "base64") : Buffer.from(event.body, "utf8");
}

/** Header lookup that ignores case (API Gateway lower-cases, local callers may not). */
export function header(event: Pick<HttpEvent, "headers">, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(event.headers ?? {})) if (k.toLowerCase() === wanted) return v;
  return undefined;
}

/**
 * The standard stack for HTTP functions: middleware first, handler last. The edge guard answers
 * a request that breaks a bound (size, percent-encoding, id length, nesting) with its 4xx before
 * the use case runs. Errors we cause are logged with context (never the body) and answered 500
 * without internals.
 */
export function httpHandler(logger: Logger, useCase: HttpUseCase) {
  return middy<HttpEvent, HttpResult, Error, Context>()
    .use(injectLambdaContext(logger))
    .use({
      // A returned answer ends the request early (middy's early response).
      before: async (request) => guardEdge({ ...request.event, body: rawBody(request.event) }),
    })
    .use({
      onError: async (request) => {
        logger.error("request failed", { route: request.event.routeKey, error: request.error as Error });
        request.response = json(500, { error: "internal error; the request may be retried" });
      },
    })
    .handler((event) => useCase(event));
}
