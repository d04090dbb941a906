import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { shopwareSignature } from "../../shared/connectors/shopware";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { fixtureJson, fixtureText } from "../fixtures/connectors/fixtures";
import { scanAll, startTestHost } from "../support/local-host";

/** One shop of each platform has its own secret; the platforms' default secrets stay the local ones. */
const SHOP_SECRETS = {
  "woocommerce:listed.example": "listed-woo-secret",
  "shopify:listed.myshopify.com": "listed-shopify-secret",
  "shopware:listedShop": "listed-shopware-secret",
};

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost({ env: { SHOP_SECRETS: JSON.stringify(SHOP_SECRETS) } });
});
afterAll(async () => {
  await host?.stop();
});

const b64 = (secret: string, raw: string) => createHmac("sha256", secret).update(raw).digest("base64");
const wooOrder = JSON.stringify(fixtureJson("woocommerce/order.created.rest-v3-docs-example.json"));
const shopifyOrder = JSON.stringify(
  JSON.parse(fixtureText("shopify/gadget-docs-metadata-2026-04/orders.create.json")).response,
);

function woo(shop: string, secret: string) {
  return fetch(`${host.url}/webhooks/woocommerce`, {
    method: "POST",
    headers: {
      "X-WC-Webhook-Source": `https://${shop}/`,
      "X-WC-Webhook-Topic": "order.created",
      "X-WC-Webhook-Delivery-ID": randomUUID(),
      "X-WC-Webhook-Signature": b64(secret, wooOrder),
    },
    body: wooOrder,
  });
}

function shopify(shop: string, secret: string) {
  return fetch(`${host.url}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": shop,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": b64(secret, shopifyOrder),
    },
    body: shopifyOrder,
  });
}

function shopware(shopId: string, secret: string) {
  const raw = JSON.stringify({
    data: { event: "checkout.customer.deleted", payload: [{ entityName: "customer", primaryKey: "c1" }] },
    source: { url: "https://x.example", shopId, eventId: randomUUID() },
    timestamp: Math.floor(Date.now() / 1000),
  });
  return fetch(`${host.url}/webhooks/shopware`, {
    method: "POST",
    headers: { "shopware-shop-signature": shopwareSignature(secret, Buffer.from(raw)) },
    body: raw,
  });
}

describe("a webhook secret verifies only the shops it was issued for", () => {
  it("answers 401 to an unlisted shop signed with the platform's default secret, and writes nothing", async () => {
    const before = await scanAll(host);
    expect((await woo("other.example", LOCAL_DEFAULTS.WOOCOMMERCE_WEBHOOK_SECRET)).status).toBe(401);
    expect((await shopify("other.myshopify.com", LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET)).status).toBe(401);
    expect((await shopware("otherShop", LOCAL_DEFAULTS.SHOPWARE_SHOP_SECRET)).status).toBe(401);
    // A listed shop's secret does not speak for another shop either.
    expect((await woo("other.example", SHOP_SECRETS["woocommerce:listed.example"])).status).toBe(401);
    expect((await shopware("otherShop", SHOP_SECRETS["shopware:listedShop"])).status).toBe(401);
    await host.bus.idle();
    expect(await scanAll(host)).toEqual(before);
  });

  it("accepts a listed shop with its own secret, and only with it", async () => {
    expect((await woo("listed.example", LOCAL_DEFAULTS.WOOCOMMERCE_WEBHOOK_SECRET)).status).toBe(401);
    expect((await woo("listed.example", SHOP_SECRETS["woocommerce:listed.example"])).status).toBe(202);
    expect((await shopify("listed.myshopify.com", SHOP_SECRETS["shopify:listed.myshopify.com"])).status).toBe(
      202,
    );
    await host.bus.idle();
    expect(host.bus.deadLetters).toEqual([]);
  });
});
