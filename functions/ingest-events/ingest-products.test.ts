import { describe, expect, it } from "vitest";
import { signHex } from "../../shared/http/signature";
import { orderPlaced } from "../../test/support/builders";
import { productDeleted, productUpdated } from "../../test/support/products";
import { RecordingBus } from "../../test/support/recording-bus";
import { ingestEvents } from "./ingest";

const secret = "test-secret";
const post = (body: unknown, bus: RecordingBus) => {
  const raw = JSON.stringify(body);
  return ingestEvents({ rawBody: Buffer.from(raw), signature: signHex(secret, raw) }, { secret, bus });
};
const product = productUpdated({ productId: "case", at: "2026-03-01T09:00:00Z" });

describe("POST /events with catalog events", () => {
  it("accepts product.updated and product.deleted without a customer, beside customer events", async () => {
    const bus = new RecordingBus();

    const result = await post(
      {
        events: [
          product,
          productDeleted({ productId: "cable", at: "2026-03-01T09:00:00Z" }),
          orderPlaced({}),
        ],
      },
      bus,
    );

    expect(result.statusCode).toBe(202);
    expect(bus.published.map((e) => e.detailType)).toEqual([
      "product.updated",
      "product.deleted",
      "order.placed",
    ]);
    expect(bus.published[0]?.detail).toMatchObject({
      shop: "default",
      data: { productId: "case", available: true },
    });
  });

  it.each([
    ["data.url", { url: "javascript:alert(1)" }],
    ["data.imageUrl", { imageUrl: "data:image/png;base64,AAAA" }],
    ["data.price.amount", { price: { amount: "-1.00", currency: "EUR" } }],
    ["data.price.currency", { price: { amount: "1.00", currency: "euro" } }],
    ["data.available", { available: "yes" }],
    ["data.title", { title: "" }],
    ["data.category", { category: undefined }],
  ])(
    "answers 400 naming %s and publishes nothing, not even the valid events beside it",
    async (path, change) => {
      const bus = new RecordingBus();
      const bad = { ...product, data: { ...(product.data as object), ...change } };

      const result = await post({ events: [orderPlaced({}), bad] }, bus);

      expect(result.statusCode).toBe(400);
      const issues = (JSON.parse(result.body as string) as { issues: { path: string }[] }).issues;
      expect(issues.map((i) => i.path)).toContain(`events.1.${path}`);
      expect(bus.published).toHaveLength(0);
    },
  );

  it("answers 400 to a product.deleted without a product id", async () => {
    const bus = new RecordingBus();
    const bad = { ...productDeleted({ productId: "x", at: "2026-03-01T09:00:00Z" }), data: {} };

    const result = await post(bad, bus);

    expect(result.statusCode).toBe(400);
    expect(result.body).toContain("data.productId");
    expect(bus.published).toHaveLength(0);
  });
});
