import type { FunctionId } from "../events/routing";

/**
 * Every HTTP route, read by the API construct (infra/cloud) and the local HTTP server (infra/local).
 * `auth`: "public" routes verify their own signatures or tokens; "admin" routes use IAM in AWS and
 * a bearer token locally; "local" routes exist only on the local host.
 */
export interface HttpRoute {
  method: "GET" | "POST" | "DELETE";
  /** API Gateway route syntax: `{name}` is a path parameter. */
  path: string;
  target: FunctionId;
  auth: "public" | "admin" | "local";
}

export const HTTP_ROUTES: readonly HttpRoute[] = [
  { method: "GET", path: "/health", target: "serve-admin", auth: "public" },
  { method: "POST", path: "/events", target: "ingest-events", auth: "public" },
  { method: "POST", path: "/webhooks/{platform}", target: "receive-webhooks", auth: "public" },
  { method: "GET", path: "/unsubscribe", target: "serve-unsubscribe", auth: "public" },
  { method: "POST", path: "/unsubscribe", target: "serve-unsubscribe", auth: "public" },
  { method: "GET", path: "/confirm", target: "confirm-consent", auth: "public" },
  { method: "POST", path: "/confirm", target: "confirm-consent", auth: "public" },
  { method: "GET", path: "/survey", target: "answer-survey", auth: "public" },
  { method: "POST", path: "/survey", target: "answer-survey", auth: "public" },
  { method: "GET", path: "/admin/customers", target: "serve-admin", auth: "admin" },
  { method: "GET", path: "/admin/customers/{customerId}", target: "serve-admin", auth: "admin" },
  { method: "GET", path: "/admin/customers/{customerId}/export", target: "serve-admin", auth: "admin" },
  { method: "GET", path: "/admin/customers/{customerId}/journeys", target: "serve-admin", auth: "admin" },
  { method: "DELETE", path: "/admin/customers/{customerId}", target: "serve-admin", auth: "admin" },
];

/** Bodies above this size are refused with 413 before anything else is done with them. */
export const MAX_BODY_BYTES = 256 * 1024;
