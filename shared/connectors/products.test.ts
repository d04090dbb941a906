import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CAPTURES_MISSING, fixtureText } from "../../test/fixtures/connectors/fixtures";
import type { Delivery, Mapped } from "./common";
import { parseLosslessJson } from "./lossless-json";
import { shopify } from "./shopify";
import { shopware } from "./shopware";
import { woocommerce } from "./woocommerce";

const fixture = (path: string) =>
  readFileSync(new URL(`../../test/fixtures/catalog/${path}`, import.meta.url), "utf8");
/** A Shopify docs sample's payload, as raw text through the lossless parser. */
const shopifySample = (topic: string) =>
  parseLosslessJson(
    JSON.stringify((JSON.parse(fixture(`shopify/${topic}.json`)) as { response: unknown }).response),
  );

const delivery = (platform: Delivery["platform"], topic: string, over: Partial<Delivery> = {}): Delivery => ({
  platform,
  shop: platform === "shopify" ? "my-shop.myshopify.com" : "my-shop.example",
  deliveryId: "d-1",
  topic,
  receivedAt: "2026-03-01T10:00:00.000Z",
  ...over,
});

const eventsOf = (result: Mapped) => {
  if (result.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  return result.events;
};

describe("Shopify product topics", () => {
  it("maps products/create and products/update to the whole product, with the exact id", () => {
    for (const topic of ["products/create", "products/update"]) {
      const [event, ...more] = eventsOf(
        shopify.map(delivery("shopify", topic), shopifySample(topic.replace("/", "."))),
      );

      expect(more).toEqual([]);
      expect(event).toEqual({
        id: "shopify:product:788032119674292922:2022-01-01T00:00:00.000Z",
        shop: "my-shop.myshopify.com",
        type: "product.updated",
        occurredAt: "2022-01-01T00:00:00.000Z",
        data: {
          productId: "788032119674292922",
          title: "Example T-Shirt",
          category: "Shirts",
          url: "https://my-shop.myshopify.com/products/example-t-shirt",
          price: { amount: "19.99", currency: "EUR" },
          available: true,
        },
      });
    }
  });

  it("marks a product without stock, or not active, as unavailable; prices in the configured currency", () => {
    const sample = shopifySample("products.update") as Record<string, unknown>;
    const variants = (sample.variants as Record<string, unknown>[]).map((v) => ({
      ...v,
      inventory_quantity: 0,
    }));

    const soldOut = eventsOf(
      shopify.map(delivery("shopify", "products/update", { catalogCurrency: "CHF" }), {
        ...sample,
        variants,
      }),
    );
    const draft = eventsOf(
      shopify.map(delivery("shopify", "products/update"), { ...sample, status: "draft" }),
    );

    expect(soldOut[0]?.data).toMatchObject({ available: false, price: { currency: "CHF" } });
    expect(draft[0]?.data).toMatchObject({ available: false });
  });

  it("maps products/delete to product.deleted, and acknowledges the variant and inventory topics", () => {
    expect(
      eventsOf(shopify.map(delivery("shopify", "products/delete"), shopifySample("products.delete"))),
    ).toEqual([
      {
        id: "shopify:product:788032119674292900:deleted",
        shop: "my-shop.myshopify.com",
        type: "product.deleted",
        occurredAt: "2026-03-01T10:00:00.000Z",
        data: { productId: "788032119674292900" },
      },
    ]);
    for (const topic of ["variants/in_stock", "variants/out_of_stock", "inventory_levels/update"]) {
      const result = shopify.map(delivery("shopify", topic), shopifySample(topic.replace("/", ".")));
      expect(result, topic).toMatchObject({ kind: "events", events: [] });
    }
  });

  it("refuses a product without a title, naming the field", () => {
    const sample = shopifySample("products.update") as Record<string, unknown>;

    expect(shopify.map(delivery("shopify", "products/update"), { ...sample, title: "" })).toMatchObject({
      kind: "invalid",
      issues: [{ path: "title" }],
    });
  });
});

// WooCommerce's captured deliveries and Shopware's docs envelope state no licence, so the repository
// does not carry them: they come from the corpus (test/support/corpus.ts), skipped without it.
describe.skipIf(CAPTURES_MISSING)("WooCommerce product topics", () => {
  const capture = (name: string) =>
    (
      JSON.parse(fixtureText(`woocommerce/hookdeck-captured/${name}.json`)) as {
        body: Record<string, unknown>;
      }
    ).body;

  it("maps the captured product.created and product.updated deliveries", () => {
    for (const topic of ["product.created", "product.updated"]) {
      const [event] = eventsOf(woocommerce.map(delivery("woocommerce", topic), capture(topic)));

      expect(event).toMatchObject({
        id: "woocommerce:product:18:2023-03-26T09:29:39.000Z",
        type: "product.updated",
        occurredAt: "2023-03-26T09:29:39.000Z",
        data: {
          productId: "18",
          title: "Perpemint",
          category: "uncategorized",
          url: "http://localhost/wordpress/product/perpemint/",
          price: { amount: "150.00", currency: "EUR" },
          available: true,
        },
      });
    }
  });

  it("marks an out-of-stock product unavailable, and maps product.deleted", () => {
    const body = { ...capture("product.updated"), stock_status: "outofstock" };

    expect(
      eventsOf(woocommerce.map(delivery("woocommerce", "product.updated"), body))[0]?.data,
    ).toMatchObject({
      available: false,
    });
    expect(eventsOf(woocommerce.map(delivery("woocommerce", "product.deleted"), { id: 18 }))).toMatchObject([
      { type: "product.deleted", data: { productId: "18" } },
    ]);
  });

  it("refuses a permalink that is no http(s) URL, naming the field", () => {
    const body = { ...capture("product.updated"), permalink: "javascript:alert(1)" };

    expect(woocommerce.map(delivery("woocommerce", "product.updated"), body)).toMatchObject({
      kind: "invalid",
      issues: [{ path: "(mapped event).0.data.url" }],
    });
  });
});

describe.skipIf(CAPTURES_MISSING)("Shopware product topics", () => {
  it("maps a deleted product from the documented envelope; keys-only writes map to nothing", () => {
    const envelope = JSON.parse(
      fixtureText("shopware/webhook-envelope.product.written.docs-example.json"),
    ) as {
      data: { payload: Record<string, unknown>[] };
    };
    const d = delivery("shopware", "product.written", { firedAt: "2026-03-01T09:59:00.000Z" });

    expect(eventsOf(shopware.map(d, envelope.data.payload))).toEqual([
      {
        id: "shopware:product:7b04ebe416db4ebc93de4d791325e1d9:deleted",
        shop: "my-shop.example",
        type: "product.deleted",
        occurredAt: "2026-03-01T09:59:00.000Z",
        data: { productId: "7b04ebe416db4ebc93de4d791325e1d9" },
      },
    ]);
    const written = [{ entity: "product", operation: "update", primaryKey: "abc", updatedFields: ["stock"] }];
    expect(shopware.map(d, written)).toMatchObject({ kind: "events", events: [] });
  });
});
