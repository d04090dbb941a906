import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { MAX_JSON_DEPTH, MAX_PATH_PARAMETER_LENGTH } from "../../shared/http/edge-guard";
import { signHex } from "../../shared/http/signature";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { customerEvent, orderPlaced } from "../support/builders";
import { scanAll, startTestHost } from "../support/local-host";
import { sendRaw } from "../support/raw-request";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const ADMIN = { authorization: `Bearer ${LOCAL_DEFAULTS.ADMIN_TOKEN}` };

async function call(method: string, path: string, body = "", headers: Record<string, string> = {}) {
  const res = await sendRaw(host.url, { method, path, headers, body: Buffer.from(body) });
  return { status: res.status, body: JSON.parse(res.body) as { error?: string; issues?: unknown[] } };
}

const signed = (body: string) => ({ "x-signature": signHex(LOCAL_DEFAULTS.EVENTS_API_SECRET, body) });

/** A customer.updated whose free-form data nests `levels` arrays, the whole body `levels + 2` deep. */
function nestedEvent(levels: number) {
  const event = customerEvent("customer.updated", { customer: { id: "c-deep" } });
  return JSON.stringify(event).replace(
    /"data":\{[^}]*\}/,
    `"data":{"x":${"[".repeat(levels)}${"]".repeat(levels)}}`,
  );
}

describe("the edge guard of the local host", () => {
  it("answers malformed percent-encoding in a path with a 400 naming the path", async () => {
    for (const [method, path, headers] of [
      ["POST", "/webhooks/%", {}],
      ["POST", "/webhooks/%E0%A4%A", {}],
      ["GET", "/admin/customers/100%", ADMIN],
      ["DELETE", "/admin/customers/%E0%A4%A", ADMIN],
      ["POST", "/admin/jobs/%", ADMIN],
    ] as const) {
      const res = await call(method, path, "", headers);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error).toContain("percent-encoding");
    }
  });

  it("refuses a customer id longer than the bound before any read, naming customerId", async () => {
    const long = "x".repeat(3000);
    for (const path of [`/admin/customers/${long}`, `/admin/customers/${long}/export`]) {
      const res = await call("GET", path, "", ADMIN);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe(`customerId: longer than ${MAX_PATH_PARAMETER_LENGTH} characters`);
    }
    const atBound = await call("GET", `/admin/customers/${"x".repeat(MAX_PATH_PARAMETER_LENGTH)}`, "", ADMIN);
    expect(atBound.status).toBe(404);
  });

  it("knows jobs by their own names only: prototype names are 404", async () => {
    for (const name of ["__proto__", "hasOwnProperty", "constructor", "toString"]) {
      const res = await call("POST", `/admin/jobs/${name}`, "{}", ADMIN);
      expect([name, res.status]).toEqual([name, 404]);
    }
  });

  it("refuses an SES event body that is not a JSON object", async () => {
    for (const body of ["null", "5", '"x"', "[]", "true"]) {
      const res = await call("POST", "/local/ses-events", body, ADMIN);
      expect([body, res.status]).toEqual([body, 400]);
    }
  });

  it("refuses nesting deeper than the bound with a 400 naming it, and accepts it at the bound", async () => {
    for (const levels of [3000, MAX_JSON_DEPTH - 1]) {
      const body = nestedEvent(levels);
      const res = await call("POST", "/events", body, signed(body));
      expect(res.status).toBe(400);
      expect(res.body.error).toContain(`nested deeper than ${MAX_JSON_DEPTH}`);
    }
    const body = nestedEvent(MAX_JSON_DEPTH - 2);
    expect((await call("POST", "/events", body, signed(body))).status).toBe(202);
    await host.bus.idle();
  });

  it("writes nothing for a batch whose last event is too deep, though the first is valid", async () => {
    await host.bus.idle();
    const before = await scanAll(host);
    const order = JSON.stringify(orderPlaced({ customer: { id: "c-batch" }, orderId: "o-batch" }));
    const body = `{"events":[${order},${nestedEvent(3000)}]}`;
    const res = await call("POST", "/events", body, signed(body));
    await host.bus.idle();
    expect(res.status).toBe(400);
    expect(await scanAll(host)).toEqual(before);
    expect(host.bus.deadLetters).toEqual([]);
  });

  it("answers a body over the limit with 413 on every route that takes one", async () => {
    const big = `{"pad":"${"x".repeat(256 * 1024)}"}`;
    for (const [path, headers] of [
      ["/events", signed(big)],
      ["/webhooks/shopify", {}],
      ["/admin/jobs/dispatch", ADMIN],
      ["/local/ses-events", ADMIN],
    ] as const) {
      const res = await call("POST", path, big, headers);
      expect([path, res.status]).toEqual([path, 413]);
    }
  });
});
