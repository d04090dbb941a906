import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { DynamoCatalogStore } from "../../shared/catalog/catalog-store";
import type { ShopEvent } from "../../shared/events/product-events";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { seededRandom, shuffle } from "../support/builders";
import { startTestHost } from "../support/local-host";
import { send } from "./playbook-story";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const SHOP = "my-shop.myshopify.com";
// Shopify's documentation sample of products/update (test/fixtures/catalog).
const sample = JSON.parse(
  readFileSync(new URL("../fixtures/catalog/shopify/products.update.json", import.meta.url), "utf8"),
).response as Record<string, unknown>;
const PRODUCT_ID = "788032119674292922";

/** The sample as of `updatedAt`, with `stock` in each variant. */
function version(updatedAt: string, stock: number, title: string): string {
  const variants = (sample.variants as Record<string, unknown>[]).map((v) => ({
    ...v,
    inventory_quantity: stock,
  }));
  return JSON.stringify({ ...sample, updated_at: updatedAt, title, variants });
}

function deliver(raw: string, topic = "products/update", webhookId = randomUUID()) {
  return fetch(`${host.url}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-Webhook-Id": webhookId,
      "X-Shopify-Hmac-Sha256": createHmac("sha256", LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET)
        .update(raw)
        .digest("base64"),
    },
    body: raw,
  });
}

const catalog = () => new DynamoCatalogStore(host.db, host.tableName);

describe("Shopify product webhooks through the local host", () => {
  it("keeps the newest state whatever order and how often the updates arrive", async () => {
    // given: three versions (in stock, sold out, in stock again under a new title), each
    // delivered twice (a retry has the same webhook id), shuffled, all at once
    const versions = [
      { raw: version("2026-03-01T10:00:00Z", 5, "T-Shirt v1"), id: randomUUID() },
      { raw: version("2026-03-02T10:00:00Z", 0, "T-Shirt v2"), id: randomUUID() },
      { raw: version("2026-03-03T10:00:00Z", 0, "T-Shirt v3"), id: randomUUID() },
    ];
    const deliveries = shuffle([...versions, ...versions], seededRandom(5));

    // when
    const answers = await Promise.all(deliveries.map((v) => deliver(v.raw, "products/update", v.id)));
    await host.bus.idle();

    // then: every delivery answered 2xx, and the newest (sold out, v3) is what the catalog holds
    expect(answers.every((a) => a.status === 202 || a.status === 200)).toBe(true);
    const [stored] = await catalog().current(SHOP, [PRODUCT_ID]);
    expect(stored).toMatchObject({
      title: "T-Shirt v3",
      available: false,
      url: `https://${SHOP}/products/example-t-shirt`,
      updatedAt: "2026-03-03T10:00:00.000Z",
    });
    expect(await catalog().availableIn(SHOP, "Shirts", 10)).toEqual([]);
  });

  it("deletes on products/delete and an older update delivered late does not bring it back", async () => {
    // The delete payload carries the id as an 18-digit number: only the raw text keeps every digit.
    const raw = `{"id":${PRODUCT_ID}}`;
    expect((await deliver(raw, "products/delete")).status).toBe(202);
    await host.bus.idle();
    expect((await deliver(version("2026-03-04T10:00:00Z", 9, "T-Shirt v4"))).status).toBe(202);
    await host.bus.idle();

    const [stored] = await catalog().current(SHOP, [PRODUCT_ID]);
    expect(stored?.deleted).toBe(true);
    expect(await catalog().availableIn(SHOP, "Shirts", 10)).toEqual([]);
  });
});

describe("bought together through the local host", () => {
  it("counts an order's products against its other categories once, however often it arrives", async () => {
    const order: ShopEvent = {
      id: "evt-pairs-1",
      shop: "pairs-shop",
      type: "order.placed",
      occurredAt: "2026-03-01T10:00:00Z",
      customer: { id: "c-1" },
      data: {
        orderId: "o-1",
        total: { amount: "120.00", currency: "EUR" },
        items: [
          {
            productId: "phone",
            category: "phones",
            quantity: 1,
            price: { amount: "100.00", currency: "EUR" },
          },
          {
            productId: "case",
            category: "accessories",
            quantity: 1,
            price: { amount: "20.00", currency: "EUR" },
          },
        ],
        coupons: [],
      },
    };

    await Promise.all([
      send(host, [order]),
      send(host, [order]),
      send(host, [{ ...order, id: "evt-pairs-again" }]),
    ]);

    const stored = await catalog().current("pairs-shop", ["phone", "case"]);
    expect(Object.fromEntries(stored.map((p) => [p.productId, p.boughtWith]))).toEqual({
      phone: { accessories: 1 },
      case: { phones: 1 },
    });
  });
});
