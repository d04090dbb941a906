import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { type Platform, verifyParseMap, type WebhookRequest } from "../../shared/connectors/index";
import { fmt, median, type Section } from "./harness";

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), "utf8");
const SECRET = "bench-secret";
const NOW = new Date();

function shopifyRequest() {
  const raw = Buffer.from(
    JSON.stringify(JSON.parse(fixture("shopify/gadget-docs-metadata-2026-04/orders.create.json")).response),
  );
  return {
    rawBody: raw,
    headers: {
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": "bench.myshopify.com",
      "x-shopify-webhook-id": "w-1",
      "x-shopify-hmac-sha256": createHmac("sha256", SECRET).update(raw).digest("base64"),
    },
  };
}

function wooRequest() {
  const raw = Buffer.from(fixture("woocommerce/order.created.rest-v3-docs-example.json"));
  return {
    rawBody: raw,
    headers: {
      "x-wc-webhook-topic": "order.created",
      "x-wc-webhook-resource": "order",
      "x-wc-webhook-event": "created",
      "x-wc-webhook-source": "https://bench.example/",
      "x-wc-webhook-delivery-id": "d-1",
      "x-wc-webhook-id": "1",
      "x-wc-webhook-signature": createHmac("sha256", SECRET).update(raw).digest("base64"),
    },
  };
}

function shopwareRequest() {
  const order = JSON.parse(fixture("shopware/app-php-sdk-fixtures/payment.json")).order;
  const envelope = {
    data: { payload: { order }, event: "checkout.order.placed" },
    source: { url: "http://localhost:8000", appVersion: "1.0.0", shopId: "benchShop", eventId: "e-1" },
    timestamp: Math.floor(NOW.getTime() / 1000),
  };
  const raw = Buffer.from(JSON.stringify(envelope));
  return {
    rawBody: raw,
    headers: { "shopware-shop-signature": createHmac("sha256", SECRET).update(raw).digest("hex") },
  };
}

/** Verify + parse + map per webhook: far inside Shopify's 5-second budget? */
export function connectorTimes(): Section {
  const requests: [Platform, WebhookRequest, string][] = [
    ["shopify", shopifyRequest(), "orders/create (Shopify's docs sample)"],
    ["woocommerce", wooRequest(), "order.created (REST v3 docs example)"],
    ["shopware", shopwareRequest(), "checkout.order.placed (app SDK order)"],
  ];
  const rows = requests.map(([platform, request, what]) => {
    const first = verifyParseMap(platform, request, SECRET, NOW);
    if (first.kind !== "events")
      throw new Error(`${platform} bench request did not map: ${JSON.stringify(first).slice(0, 200)}`);
    const samples: number[] = [];
    for (let round = 0; round < 20; round++) {
      const t = performance.now();
      for (let i = 0; i < 100; i++) verifyParseMap(platform, request, SECRET, NOW);
      samples.push(((performance.now() - t) / 100) * 1000);
    }
    return {
      name: `${platform}: ${what}, ${fmt(request.rawBody.length / 1024, 1)} KB`,
      value: `${fmt(median(samples), 0)} µs`,
      target: "<< 5 s",
    };
  });
  return { title: "Webhook verify + parse + map, per delivery (median of 20 x 100)", rows };
}
