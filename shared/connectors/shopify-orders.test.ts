import { describe, expect, it } from "vitest";
import {
  CAPTURES_MISSING,
  capture,
  fixtureJson,
  shopifyDocsSample,
} from "../../test/fixtures/connectors/fixtures";
import type { CanonicalEvent } from "../events/catalog";
import type { Delivery, Mapped } from "./common";
import { parseLosslessJson } from "./lossless-json";
import { shopify } from "./shopify";
import { ShopifyRefund, shopifyRefundAmount } from "./shopify-orders";

const delivery = (topic: string): Delivery => ({
  platform: "shopify",
  shop: "my-shop.myshopify.com",
  deliveryId: "w-1",
  topic,
  receivedAt: "2024-08-07T23:00:00.000Z",
});
/** Maps a body the way it arrives: as raw text, through the lossless parser. */
const map = (topic: string, body: unknown): Mapped =>
  shopify.map(delivery(topic), parseLosslessJson(JSON.stringify(body)));
const events = (result: Mapped): CanonicalEvent[] => {
  if (result.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  // Customer events only: these topics map to nothing else (the catalog topics have their own tests).
  return result.events.filter((e): e is CanonicalEvent => "customer" in e);
};
const ofType = <T extends CanonicalEvent["type"]>(list: CanonicalEvent[], type: T) =>
  list.filter((e): e is Extract<CanonicalEvent, { type: T }> => e.type === type);

const ORDER_ID = "820982911946154508";

describe("Shopify orders", () => {
  it.skipIf(CAPTURES_MISSING)(
    "maps orders/create to the order at its creation time, in the shop currency",
    () => {
      const list = events(map("orders/create", capture("shopify/hookdeck-2024-10/orders.create.json").body));
      const [placed] = ofType(list, "order.placed");
      expect(placed).toMatchObject({
        id: `shopify:order:${ORDER_ID}:placed`,
        shop: "my-shop.myshopify.com",
        occurredAt: "2022-01-01T00:00:00.000Z",
        customer: { id: "115310627314723954", email: "john@example.com", firstName: "John", locale: "en" },
        data: { orderId: ORDER_ID, total: { amount: "388.00", currency: "USD" }, coupons: [] },
      });
      expect(placed?.data.items).toEqual([
        {
          productId: "632910392",
          sku: "IPOD2008PINK",
          name: "IPod Nano - 8GB",
          quantity: 1,
          price: { amount: "199.00", currency: "USD" },
        },
        {
          productId: "632910392",
          sku: "IPOD2008PINK",
          name: "IPod Nano - 8GB",
          quantity: 1,
          price: { amount: "199.00", currency: "USD" },
        },
      ]);
      // not_subscribed says nothing about consent
      expect(list.filter((e) => e.type.startsWith("consent."))).toEqual([]);
    },
  );

  it("voids what no refund covers of a cancelled order, once, under one id", () => {
    // given: Shopify's own sample is cancelled and voided, with no refund
    for (const topic of ["orders/create", "orders/cancelled"]) {
      const refunds = ofType(events(map(topic, shopifyDocsSample(topic))), "order.refunded");
      expect(refunds).toEqual([
        expect.objectContaining({
          id: `shopify:order:${ORDER_ID}:void`,
          data: { orderId: ORDER_ID, amount: { amount: "404.95", currency: "USD" } },
        }),
      ]);
    }
  });

  it("yields the same event ids for every order topic, so redeliveries and later topics fold once", () => {
    const idsOf = (topic: string) => events(map(topic, shopifyDocsSample(topic))).map((e) => e.id);
    const created = idsOf("orders/create");
    for (const topic of ["orders/paid", "orders/updated", "orders/cancelled"])
      expect(idsOf(topic)).toEqual(created);
    expect(events(map("orders/create", shopifyDocsSample("orders/create")))).toEqual(
      events(map("orders/create", shopifyDocsSample("orders/create"))),
    );
  });

  it.skipIf(CAPTURES_MISSING)("takes coupons from the order's discount codes", () => {
    // variant: the capture's order had a $20 discount; give it the code it would have had
    const body = {
      ...capture("shopify/hookdeck-2024-10/orders.create.json").body,
      discount_codes: [{ code: "WELCOME20", amount: "20.00", type: "fixed_amount" }],
    };
    const list = events(map("orders/create", body));
    expect(ofType(list, "order.placed")[0]?.data.coupons).toEqual(["WELCOME20"]);
    expect(ofType(list, "coupon.redeemed")).toEqual([
      expect.objectContaining({
        id: `shopify:order:${ORDER_ID}:coupon:WELCOME20`,
        data: { code: "WELCOME20", orderId: ORDER_ID },
      }),
    ]);
  });

  it.skipIf(CAPTURES_MISSING)("keys a guest order by its email", () => {
    const body = { ...capture("shopify/hookdeck-2024-10/orders.paid.json").body, customer: null };
    const [placed] = ofType(events(map("orders/paid", body)), "order.placed");
    expect(placed?.customer).toEqual({ email: "jon@example.com", locale: "en" });
  });

  it("maps a real B2B order shape that names the customer by id only", () => {
    // variant: Gadget's anonymised exemplar with its blanked money and currency filled in
    const body = fill(fixtureJson("shopify/gadget-anonymized-exemplars-2025-04/orders_1.json"));
    const [placed] = ofType(events(map("orders/create", body)), "order.placed");
    expect(placed?.customer).toEqual({ id: "123" });
    expect(placed?.data.total).toEqual({ amount: "10.00", currency: "USD" });
  });

  it("refuses the blanked exemplars, naming the fields that do not fit", () => {
    const result = map(
      "orders/create",
      fixtureJson("shopify/gadget-anonymized-exemplars-2025-04/orders_1.json"),
    );
    expect(result.kind).toBe("invalid");
    const paths = result.kind === "invalid" ? result.issues.map((i) => i.path) : [];
    expect(paths).toEqual(expect.arrayContaining(["currency", "total_price", "line_items.0.price"]));
  });
});

describe("Shopify refunds", () => {
  const refund = (path: string, docs = false) =>
    ShopifyRefund.parse(
      parseLosslessJson(JSON.stringify(docs ? shopifyDocsSample("refunds/create") : capture(path).body)),
    );

  it("counts the money its successful refund transactions gave back", () => {
    expect(shopifyRefundAmount(refund("", true), "USD")).toEqual({ amount: "85.00", currency: "USD" });
  });

  it.skipIf(CAPTURES_MISSING)("falls back to the refunded lines in shop money when no money moved", () => {
    expect(shopifyRefundAmount(refund("shopify/hookdeck-2024-10/refunds.create.json"))).toEqual({
      amount: "398.00",
      currency: "USD",
    });
    expect(shopifyRefundAmount(refund("shopify/hookdeck-2023-01/refunds.create.json"))).toEqual({
      amount: "31.99",
      currency: "CAD",
    });
  });

  it("maps refunds/create to nothing, since it names no customer", () => {
    const result = map("refunds/create", shopifyDocsSample("refunds/create"));
    expect(result).toMatchObject({ kind: "events", events: [] });
  });

  it.skipIf(CAPTURES_MISSING)(
    "applies a refund from the order that lists it, under the refund's own id, and voids the rest if cancelled",
    () => {
      // variant: the 2023-01 order with the 2023-01 refund in its `refunds`, as orders/updated sends it
      const order = capture("shopify/hookdeck-2023-01/orders.paid.json").body;
      const list = events(
        map("orders/updated", {
          ...order,
          refunds: [capture("shopify/hookdeck-2023-01/refunds.create.json").body],
        }),
      );
      expect(ofType(list, "order.refunded").map((e) => [e.id, e.data.amount])).toEqual([
        ["shopify:refund:890088186047892319", { amount: "31.99", currency: "CAD" }],
        [`shopify:order:${ORDER_ID}:void`, { amount: "5.00", currency: "CAD" }],
      ]);
    },
  );
});

/** Gives the exemplar's blanked money and currency fields plausible values; everything else stays. */
function fill(value: unknown, key = ""): unknown {
  if (value === "example string") {
    if (/currency/.test(key)) return "USD";
    if (/amount|price|total|subtotal|tax|discount|outstanding|tip/.test(key)) return "10.00";
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => fill(v, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, k)]));
  }
  return value;
}
