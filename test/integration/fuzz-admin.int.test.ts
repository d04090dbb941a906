import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { localContext } from "../../infra/local/lambda-context";
import { HTTP_ROUTES, type HttpRoute } from "../../shared/http/routes";
import { orderPlaced, seededRandom } from "../support/builders";
import { adminCustomerRequest, adminLookupRequest, jobRequest, sesEventRequest } from "../support/fuzz-admin";
import {
  eventsRequest,
  type FuzzRequest,
  healthRequest,
  tokenRequest,
  webhookRequest,
} from "../support/fuzz-requests";
import { postEvents, scanAll, startTestHost } from "../support/local-host";
import { sendRaw } from "../support/raw-request";

const SEED = 20261206;
const PER_ROUTE = 30;
type Make = (r: () => number) => FuzzRequest;

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
  // A customer the hostile requests must leave exactly as she is.
  expect(
    (await postEvents(host, orderPlaced({ customer: { id: "fz-seed", email: "seed@example.com" } }))).status,
  ).toBe(202);
  await host.bus.idle();
});
afterAll(async () => {
  await host?.stop();
});

/** A generator for every route of shared/http/routes.ts; a route without one fails the test. */
function generatorFor(route: HttpRoute): Make {
  const { method, path } = route;
  if (path === "/events") return eventsRequest;
  if (path === "/webhooks/{platform}")
    return (r) =>
      webhookRequest(r, ["shopify", "woocommerce", "shopware", "magento"][Math.floor(r() * 4)] ?? "x");
  if (path === "/health") return healthRequest;
  if (path === "/unsubscribe" || path === "/confirm" || path === "/survey")
    return (r) => tokenRequest(r, path, method, path.slice(1));
  if (path === "/admin/customers") return adminLookupRequest;
  const customer = /^\/admin\/customers\/\{customerId\}(\/[a-z]+)?$/.exec(path);
  if (customer) return (r) => adminCustomerRequest(r, method, (customer[1] ?? "") as "");
  throw new Error(`no fuzz generator for ${method} ${path}: add one`);
}

/** The API Gateway (payload 2.0) event AWS would hand the function for this request. */
function awsEvent(route: HttpRoute, req: FuzzRequest): APIGatewayProxyEventV2 {
  const [rawPath = "", rawQuery = ""] = req.path.split(/\?(.*)/s);
  const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "");
  const pattern = new RegExp(`^${route.path.replace(/\{\w+\}/g, "([^/]+)")}/?$`);
  const values = pattern.exec(rawPath)?.slice(1) ?? [];
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers))
    headers[k.toLowerCase()] = Array.isArray(v) ? v.join(",") : v;
  return {
    version: "2.0",
    routeKey: `${route.method} ${route.path}`,
    rawPath,
    rawQueryString: rawQuery,
    headers,
    ...(rawQuery ? { queryStringParameters: Object.fromEntries(new URLSearchParams(rawQuery)) } : {}),
    ...(names.length
      ? { pathParameters: Object.fromEntries(names.map((n, i) => [n, values[i] ?? ""])) }
      : {}),
    requestContext: {
      http: { method: req.method, path: rawPath, sourceIp: "203.0.113.1", userAgent: "fuzz" },
    },
    body: req.body.toString("base64"),
    isBase64Encoded: true,
  } as unknown as APIGatewayProxyEventV2;
}

describe("hostile input on every public, admin and local route, in both hosts", () => {
  it("answers no 5xx, never hangs, and leaves the table as it was after each rejected request", async () => {
    const random = seededRandom(SEED);
    const wired = HTTP_ROUTES.filter((r) => host.functions[r.target]);
    const cases: Array<{ host: "local" | "aws"; route: string; req: FuzzRequest; aws?: HttpRoute }> = [];
    for (const route of wired) {
      const make = generatorFor(route);
      const key = `${route.method} ${route.path}`;
      for (let i = 0; i < PER_ROUTE; i++) {
        cases.push({ host: "local", route: key, req: make(random) });
        cases.push({ host: "aws", route: key, req: make(random), aws: route });
      }
    }
    for (let i = 0; i < PER_ROUTE; i++) {
      cases.push({
        host: "local",
        route: "POST /admin/jobs/{name}",
        req: jobRequest(random, Object.keys(host.jobs)),
      });
      cases.push({ host: "local", route: "POST /local/ses-events", req: sesEventRequest(random) });
    }

    const failures: string[] = [];
    const statuses = new Map<string, number>();
    let table = await scanAll(host);
    for (const c of cases) {
      let status: number;
      if (c.aws) {
        const fn = host.functions[c.aws.target];
        const out = (await fn?.(
          awsEvent(c.aws, c.req),
          localContext(c.aws.target),
        )) as APIGatewayProxyStructuredResultV2;
        status = out.statusCode ?? 200;
      } else status = (await sendRaw(host.url, c.req)).status;
      await host.bus.idle();
      statuses.set(`${c.host} ${status}`, (statuses.get(`${c.host} ${status}`) ?? 0) + 1);
      const label = `${c.host} ${c.route} ${c.req.kind} ${c.req.path.slice(0, 60)} -> ${status}`;
      if (status >= 500 || status <= 0) failures.push(label);
      const after = await scanAll(host);
      // A signed, well-formed webhook may be accepted (and write); anything refused writes nothing.
      if (status >= 400 && JSON.stringify(after) !== JSON.stringify(table)) failures.push(`wrote: ${label}`);
      table = after;
    }

    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(500);
    for (const h of ["local", "aws"])
      for (const s of [400, 404]) expect(statuses.get(`${h} ${s}`) ?? 0).toBeGreaterThan(0);
    expect(statuses.get("local 401") ?? 0).toBeGreaterThan(0);
    expect(statuses.get("local 413") ?? 0).toBeGreaterThan(0);
    expect(host.bus.deadLetters).toEqual([]);
    expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
    expect(table.some((i) => i.customerKey === "id:fz-seed")).toBe(true);
  }, 300_000);
});
