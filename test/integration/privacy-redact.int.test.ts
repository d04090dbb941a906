import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { customerKeyOf } from "../../shared/domain/identity";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { scanAll } from "../support/local-host";
import {
  lifeOf,
  partition,
  person,
  send,
  startPrivacyHost,
  suppressionOf,
  tracesOf,
} from "./privacy-support";

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

const SHOP = "redact-shop.myshopify.com";

function deliverRedact(raw: string) {
  return fetch(`${host.url}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Shopify-Topic": "customers/redact",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": createHmac("sha256", LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET)
        .update(raw)
        .digest("base64"),
    },
    body: raw,
  });
}

describe("Shopify customers/redact (the mandatory privacy webhook)", () => {
  it("erases the customer named by id, as DELETE /admin/customers does", async () => {
    // given: a customer with orders, consent and journeys at a Shopify shop
    const shopId = `71${Date.now()}${Math.floor(Math.random() * 10)}`.slice(0, 18);
    const someone = person(SHOP);
    const erika = { ...someone, customer: { ...someone.customer, id: shopId } };
    await send(host, lifeOf(erika, "2026-11-02T08:00:00.000Z"));
    expect(await partition(host, SHOP, `id:${shopId}`)).not.toEqual([]);

    // when: Shopify asks for the redaction (the 18-digit id as raw JSON text)
    const raw = `{"shop_id":954889,"shop_domain":"${SHOP}","customer":{"id":${shopId},"email":"${erika.customer.email}","phone":null},"orders_to_redact":[299938]}`;
    const res = await deliverRedact(raw);

    // then: everything about her is gone and only the salted hash stays on the suppression list
    expect(res.status).toBe(202);
    expect(await partition(host, SHOP, `id:${shopId}`)).toEqual([]);
    expect(await tracesOf(host, erika)).toEqual([]);
    expect(await suppressionOf(host, erika.customer.email, SHOP)).toMatchObject({ reason: "erased" });
  });

  it("erases a guest known by email only, and writes nothing for a request naming nobody", async () => {
    // given: a guest checkout (no shop customer id)
    const guest = { email: person(SHOP).customer.email, firstName: "Gast" };
    await send(host, [
      {
        id: `${guest.email}-order`,
        shop: SHOP,
        type: "order.placed",
        occurredAt: "2026-11-03T08:00:00.000Z",
        customer: guest,
        data: { orderId: "g-1", total: { amount: "19.00", currency: "EUR" }, items: [], coupons: [] },
      },
    ]);
    const key = customerKeyOf({ email: guest.email });
    expect(await partition(host, SHOP, key)).not.toEqual([]);

    // a request without id or email is refused with the field named, and changes nothing
    const before = await scanAll(host);
    const bad = await deliverRedact(`{"shop_id":954889,"customer":{"id":null,"email":null}}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("customer.id");
    expect(await scanAll(host)).toEqual(before);

    // when: Shopify redacts by email
    const res = await deliverRedact(
      `{"shop_id":954889,"shop_domain":"${SHOP}","customer":{"id":null,"email":"${guest.email}"},"orders_to_redact":[]}`,
    );
    expect(res.status).toBe(202);
    expect(await partition(host, SHOP, key)).toEqual([]);
    expect(await suppressionOf(host, guest.email, SHOP)).toMatchObject({ reason: "erased" });
  });
});
