import { Agent } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { HTTP_ROUTES } from "../../shared/http/routes";
import { seededRandom } from "../support/builders";
import {
  eventsRequest,
  type FuzzRequest,
  healthRequest,
  tokenRequest,
  webhookRequest,
} from "../support/fuzz-requests";
import { scanAll, startTestHost } from "../support/local-host";
import { sendRaw } from "../support/raw-request";

const SEED = 20261125;
const PER_ROUTE = 220;

let host: LocalHost;
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  agent.destroy();
  await host?.stop();
});

/** Raw node:http, so duplicate header lines, invalid bytes and bodies on GET go out as generated. */
const send = (req: FuzzRequest) => sendRaw(host.url, req, agent).then((r) => r.status);

/** The public routes of shared/http/routes.ts, each with its generator. */
function generators(): Array<[string, (r: () => number) => FuzzRequest]> {
  const out: Array<[string, (r: () => number) => FuzzRequest]> = [];
  for (const route of HTTP_ROUTES.filter((r) => r.auth === "public")) {
    // A route another session has declared but not yet wired locally is not this test's finding.
    if (!host.functions[route.target]) continue;
    const key = `${route.method} ${route.path}`;
    if (route.path === "/events") out.push([key, eventsRequest]);
    else if (route.path === "/webhooks/{platform}")
      for (const p of ["shopify", "woocommerce", "shopware", "magento"])
        out.push([`${key}:${p}`, (r) => webhookRequest(r, p)]);
    else if (route.path === "/health") out.push([key, healthRequest]);
    else if (route.path === "/unsubscribe" || route.path === "/confirm" || route.path === "/survey") {
      const purpose = route.path.slice(1) as "unsubscribe" | "confirm" | "survey";
      out.push([key, (r) => tokenRequest(r, route.path, route.method, purpose)]);
    } else throw new Error(`no fuzz generator for the public route ${key}: add one`);
  }
  return out;
}

describe("hostile input on every public route", () => {
  it("answers thousands of malformed, oversized and wrongly signed requests without a 5xx, and writes nothing", async () => {
    const before = await scanAll(host);
    const random = seededRandom(SEED);
    // /health takes no input worth fuzzing and costs a DynamoDB and an SES round trip each: fewer.
    const requests = generators().flatMap(([route, make]) =>
      Array.from({ length: route.endsWith("/health") ? 40 : PER_ROUTE }, () => ({
        route,
        req: make(random),
      })),
    );

    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < requests.length) {
          const { route, req } = requests[next++]!;
          const status = await send(req).catch((e: Error) => -1 * (e.message.length || 1));
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          // Every generated event is invalid by construction, so an accepted one is a finding too.
          const accepted = route === "POST /events" && status < 300;
          if (status >= 500 || status <= 0 || accepted) failures.push(`${route} ${req.kind} -> ${status}`);
        }
      }),
    );
    await host.bus.idle();

    expect(requests.length).toBeGreaterThanOrEqual(2000);
    expect(failures).toEqual([]);
    // Every kind of refusal occurred, so the generators reach past the first check.
    for (const status of [400, 401, 413]) expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    expect(host.bus.deadLetters).toEqual([]);
    // The host runs in this process: a polluted prototype would show on any object here.
    expect(Object.hasOwn(Object.prototype, "polluted")).toBe(false);
    expect(await scanAll(host)).toEqual(before);
    const health = await fetch(`${host.url}/health`);
    expect(health.status).toBe(200);
    // About 25 s on an idle laptop; the margin is for a shared, loaded machine.
  }, 180_000);
});
