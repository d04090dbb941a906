import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { fixtureText } from "../fixtures/connectors/fixtures";
import { admin, scanAll, startTestHost } from "../support/local-host";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const SHOP = "my-shop.myshopify.com";
// Shopify's own documentation sample of orders/create, byte for byte as test/fixtures has it.
const sample = JSON.parse(fixtureText("shopify/gadget-docs-metadata-2026-04/orders.create.json")).response;
const body = JSON.stringify(sample);
// The sample is a cancelled, voided order; the same order before its cancellation, as a shop sends it first.
const open = JSON.stringify({ ...sample, cancelled_at: null, cancel_reason: null, financial_status: "paid" });

function deliver(raw: string, webhookId: string, secret: string = LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET) {
  return fetch(`${host.url}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(raw).digest("base64"),
    },
    body: raw,
  });
}

describe("Shopify webhooks through the local host", () => {
  it("rejects a wrong signature (401) and a truncated body (400) and writes nothing", async () => {
    const before = await scanAll(host);
    expect((await deliver(body, randomUUID(), "wrong-secret")).status).toBe(401);
    const truncated = body.slice(0, Math.floor(body.length / 2));
    const res = await deliver(truncated, randomUUID());
    expect(res.status).toBe(400);
    await host.bus.idle();
    expect(await scanAll(host)).toEqual(before);
  });

  it("turns a signed orders/create into a profile with the order, counting a redelivery once", async () => {
    const webhookId = randomUUID();
    expect((await deliver(open, webhookId)).status).toBe(202);
    await host.bus.idle();
    const again = await deliver(open, webhookId);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    // A new delivery id for the same order (Shopify's orders/create retried as a new webhook) is still one order.
    expect((await deliver(open, randomUUID())).status).toBe(202);
    await host.bus.idle();

    // The sample lost the id's precision (115310627314723950); the connector takes the exact id from admin_graphql_api_id.
    const res = await admin(host, `/admin/customers/115310627314723954?shop=${SHOP}`);
    expect(res.status).toBe(200);
    const profile = (await res.json()) as Record<string, unknown>;
    expect(profile).toMatchObject({
      customerId: "115310627314723954",
      orderCount: 1,
      totalRevenue: { amount: "404.95", currency: "USD" },
    });
  });

  it("voids a cancelled order (Shopify's own sample as it is): no order counted, no revenue", async () => {
    expect((await deliver(open, randomUUID())).status).toBe(202);
    await host.bus.idle();
    // Later the same order arrives cancelled (its void refund has an id of colons: shopify:order:<id>:void).
    expect((await deliver(body, randomUUID())).status).toBe(202);
    await host.bus.idle();
    const res = await admin(host, `/admin/customers/115310627314723954?shop=${SHOP}`);
    expect(await res.json()).toMatchObject({
      orderCount: 0,
      totalRevenue: { amount: "0.00", currency: "USD" },
      lastOrderAt: null,
    });
  });
});
