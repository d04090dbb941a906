import { describe, expect, it } from "vitest";
import {
  CAPTURES_MISSING,
  capture,
  fixtureFiles,
  fixtureJson,
  fixtureText,
  withHeaders,
} from "../../test/fixtures/connectors/fixtures";
import type { CanonicalEvent } from "../events/catalog";
import type { Mapped } from "./common";
import { verifyParseMap } from "./index";
import { wooCommerceSignature, woocommerce } from "./woocommerce";

const SECRET = "test-woocommerce-secret";
const NOW = new Date("2024-08-07T23:00:00Z");
const ORDER = fixtureJson("woocommerce/order.created.rest-v3-docs-example.json");
const REFUND = fixtureJson<{ id: number; amount: string }>(
  "woocommerce/order-refund.created.rest-v3-docs-example.json",
);

/** A delivery as WooCommerce sends it: the REST v3 resource, signed, with WooCommerce's headers. */
function delivered(topic: string, body: unknown, source = "https://my-shop.example/") {
  const rawBody = Buffer.from(JSON.stringify(body));
  const headers = {
    "X-WC-Webhook-Topic": topic,
    "X-WC-Webhook-Source": source,
    "X-WC-Webhook-Delivery-ID": "9f3c2f0e6b3d4a1e",
    "X-WC-Webhook-Signature": wooCommerceSignature(SECRET, rawBody),
  };
  return { rawBody, headers };
}
const run = (topic: string, body: unknown): Mapped | { kind: string } =>
  verifyParseMap("woocommerce", delivered(topic, body), SECRET, NOW);
const events = (result: ReturnType<typeof run>): CanonicalEvent[] => {
  if (result.kind !== "events" || !("events" in result))
    throw new Error(`expected events: ${JSON.stringify(result)}`);
  // Customer events only: these topics map to nothing else (the catalog topics have their own tests).
  return result.events.filter((e): e is CanonicalEvent => "customer" in e);
};

describe("WooCommerce orders", () => {
  it("maps a paid guest order to order.placed keyed by the billing email", () => {
    const [placed, ...rest] = events(run("order.created", ORDER));
    expect(rest).toEqual([]);
    expect(placed).toEqual({
      id: "woocommerce:order:727:placed",
      shop: "my-shop.example",
      type: "order.placed",
      occurredAt: "2017-03-22T19:28:02.000Z",
      customer: { email: "john.doe@example.com", firstName: "John", lastName: "Doe" },
      data: {
        orderId: "727",
        total: { amount: "29.35", currency: "USD" },
        items: [
          { productId: "93", name: "Woo Single #1", quantity: 2, price: { amount: "3.00", currency: "USD" } },
          {
            productId: "22",
            sku: "Bar3",
            name: "Ship Your Idea &ndash; Color: Black, Size: M Test",
            quantity: 1,
            price: { amount: "12.00", currency: "USD" },
          },
        ],
        coupons: [],
      },
    });
  });

  it("keys a registered customer's order by the customer id", () => {
    const [placed] = events(run("order.updated", { ...ORDER, customer_id: 25 }));
    expect(placed?.customer.id).toBe("25");
  });

  it("takes coupons from the order's coupon lines", () => {
    const list = events(
      run("order.created", { ...ORDER, coupon_lines: [{ id: 1, code: "spring10", discount: "1.00" }] }),
    );
    expect(list.map((e) => e.type)).toEqual(["order.placed", "coupon.redeemed"]);
    expect(list[0]?.type === "order.placed" && list[0].data.coupons).toEqual(["spring10"]);
    expect(list[1]).toMatchObject({
      id: "woocommerce:order:727:coupon:spring10",
      data: { code: "spring10", orderId: "727" },
    });
  });

  it("maps nothing for an order not yet paid or committed", () => {
    for (const status of ["pending", "failed", "checkout-draft"]) {
      expect(events(run("order.created", { ...ORDER, status, date_paid_gmt: null }))).toEqual([]);
    }
  });

  it("maps a refunded order to its listed refunds plus the rest, each under a stable id", () => {
    // variant: the docs order, refunded, listing the docs refund (id 726, 10.00) as orders embed it
    const body = {
      ...ORDER,
      status: "refunded",
      refunds: [{ id: REFUND.id, reason: "", total: `-${REFUND.amount}` }],
    };
    const refunds = events(run("order.updated", body)).filter((e) => e.type === "order.refunded");
    expect(refunds.map((e) => [e.id, e.type === "order.refunded" && e.data.amount])).toEqual([
      ["woocommerce:refund:726", { amount: "10.00", currency: "USD" }],
      ["woocommerce:order:727:void", { amount: "19.35", currency: "USD" }],
    ]);
  });

  it("voids a cancelled order once, whether it arrives as cancelled or as refunded", () => {
    const cancelled = events(run("order.updated", { ...ORDER, status: "cancelled" }));
    const refunded = events(run("order.updated", { ...ORDER, status: "refunded" }));
    const voidOf = (list: CanonicalEvent[]) => list.find((e) => e.id.endsWith(":void"));
    expect(voidOf(cancelled)?.id).toBe("woocommerce:order:727:void");
    expect(voidOf(refunded)?.id).toBe(voidOf(cancelled)?.id);
  });

  it("refuses an order whose total is not a decimal, naming the field", () => {
    const result = run("order.created", { ...ORDER, total: "29,35" });
    expect(result).toEqual({
      kind: "invalid",
      issues: [{ path: "total", message: 'must be a decimal amount such as "19.99"' }],
    });
  });
});

describe("WooCommerce customers", () => {
  it("maps customer.created to a registration; WooCommerce states no marketing consent", () => {
    const body = fixtureJson("woocommerce/customer.created.rest-v3-docs-example.json");
    expect(events(run("customer.created", body))).toEqual([
      {
        id: "woocommerce:customer:25:registered",
        shop: "my-shop.example",
        type: "customer.registered",
        occurredAt: "2017-03-21T19:09:28.000Z",
        customer: { id: "25", email: "john.doe@example.com", firstName: "John", lastName: "Doe" },
        data: {},
      },
    ]);
    const [updated] = events(run("customer.updated", body));
    expect(updated?.id).toBe("woocommerce:customer:25:updated:2017-03-21T19:09:30.000Z");
  });
});

describe("WooCommerce deliveries", () => {
  it.skipIf(CAPTURES_MISSING)(
    "maps the captured product topics and ignores the coupon ones, naming the shop by the source's host",
    () => {
      const files = fixtureFiles("woocommerce/hookdeck-captured").filter((f) => f !== "index.json");
      expect(files.length).toBe(5);
      for (const file of files) {
        const c = capture(`woocommerce/hookdeck-captured/${file}`);
        const rawBody = Buffer.from(JSON.stringify(c.body));
        const request = {
          rawBody,
          headers: withHeaders(c.headers, {
            "x-wc-webhook-signature": wooCommerceSignature(SECRET, rawBody),
          }),
        };
        const identified = woocommerce.identify(request, NOW);
        expect(identified).toMatchObject({
          kind: "delivery",
          delivery: { shop: "localhost", topic: c.topic },
        });
        const result = verifyParseMap("woocommerce", request, SECRET, NOW);
        if (c.topic.startsWith("product."))
          expect(result, file).toMatchObject({
            kind: "events",
            events: [{ type: "product.updated", shop: "localhost" }],
          });
        else expect(result, file).toEqual({ kind: "unknown-topic" });
      }
    },
  );

  it("answers the unsigned creation ping", () => {
    const request = {
      rawBody: Buffer.from("webhook_id=4"),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    };
    expect(verifyParseMap("woocommerce", request, SECRET, NOW)).toEqual({ kind: "ping" });
  });

  it("refuses a delivery without a source or with a wrong signature", () => {
    const request = delivered("order.created", ORDER);
    const noSource = {
      ...request,
      headers: withHeaders(request.headers, { "X-WC-Webhook-Source": undefined }),
    };
    expect(verifyParseMap("woocommerce", noSource, SECRET, NOW)).toEqual({ kind: "rejected", status: 401 });
    expect(verifyParseMap("woocommerce", request, "other", NOW)).toEqual({ kind: "rejected", status: 401 });
  });

  it("refuses a truncated body after the signature checks out", () => {
    const raw = fixtureText("woocommerce/order.created.rest-v3-docs-example.json");
    const truncated = raw.slice(0, 200);
    const request = { ...delivered("order.created", {}), rawBody: Buffer.from(truncated) };
    request.headers["X-WC-Webhook-Signature"] = wooCommerceSignature(SECRET, truncated);
    expect(verifyParseMap("woocommerce", request, SECRET, NOW)).toMatchObject({
      kind: "invalid",
      issues: [{ path: "(body)" }],
    });
  });
});
