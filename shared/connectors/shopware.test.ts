import { describe, expect, it } from "vitest";
import { CAPTURES_MISSING, fixtureJson, fixtureText } from "../../test/fixtures/connectors/fixtures";
import type { CanonicalEvent } from "../events/catalog";
import { verifyParseMap } from "./index";
import { shopware, shopwareSignature } from "./shopware";

const SECRET = "test-shopware-secret";
const NOW = new Date("2023-05-04T13:37:00Z");
const SHOP_ID = "hRCw2xo1EDZnLco4";

interface Entity {
  [key: string]: unknown;
}
const PAYMENT = fixtureJson<{ order: Entity }>("shopware/app-php-sdk-fixtures/payment.json");
const REFUND = fixtureJson<{ order: Entity; refund: Entity }>("shopware/app-php-sdk-fixtures/refund.json");
const ORDER = PAYMENT.order;
const ORDER_ID = "8f69d4874c53486a95383b2126161738";

/** The app-webhook envelope (shape from Shopware's docs) around a payload, signed with the shop secret. */
function delivered(event: string, payload: unknown, timestamp = NOW.getTime() / 1000) {
  const envelope = {
    data: { payload, event },
    source: {
      url: "http://localhost:8000",
      appVersion: "1.0.0",
      shopId: SHOP_ID,
      eventId: "0189f0b2c5d07a5e9c2d1f4b3a6e8d7c",
    },
    timestamp,
  };
  const rawBody = Buffer.from(JSON.stringify(envelope));
  return { rawBody, headers: { "shopware-shop-signature": shopwareSignature(SECRET, rawBody) } };
}
const run = (event: string, payload: unknown) =>
  verifyParseMap("shopware", delivered(event, payload), SECRET, NOW);
const events = (result: ReturnType<typeof run>): CanonicalEvent[] => {
  if (result.kind !== "events") throw new Error(`expected events: ${JSON.stringify(result)}`);
  // Customer events only: these topics map to nothing else (the catalog topics have their own tests).
  return result.events.filter((e): e is CanonicalEvent => "customer" in e);
};

describe("Shopware orders", () => {
  it("maps checkout.order.placed (the app SDK's order entity) to order.placed in EUR", () => {
    expect(events(run("checkout.order.placed", { order: ORDER }))).toEqual([
      {
        id: `shopware:order:${ORDER_ID}:placed`,
        shop: SHOP_ID,
        type: "order.placed",
        occurredAt: "2023-05-04T13:36:26.557Z",
        customer: {
          id: "5e5d6cd8917c45839b2f6aa7b4bf1425",
          email: "test@example.com",
          firstName: "Max",
          lastName: "Mustermann",
        },
        data: {
          orderId: ORDER_ID,
          total: { amount: "395.01", currency: "EUR" },
          items: [
            {
              productId: "9c4734591e8d40308e0b9480523ba10f",
              sku: "f3b92a7a618544308094cb4713b3ed84",
              name: "Aerodynamic Bronze Slo-Cooked Prawns",
              quantity: 1,
              price: { amount: "395.01", currency: "EUR" },
            },
          ],
          coupons: [],
        },
      },
    ]);
  });

  it("keys a guest's order by email: Shopware makes a new customer record per guest order", () => {
    const oc = ORDER.orderCustomer as Entity;
    const guest = {
      ...ORDER,
      orderCustomer: { ...oc, customer: { ...(oc.customer as Entity), guest: true } },
    };
    const [placed] = events(run("checkout.order.placed", { order: guest }));
    expect(placed?.customer).toEqual({ email: "test@example.com", firstName: "Max", lastName: "Mustermann" });
  });

  it("takes coupon codes from promotion line items and leaves them out of the items", () => {
    const promotion = {
      type: "promotion",
      label: "10 % Sommer",
      quantity: 1,
      unitPrice: -39.5,
      payload: { code: "SOMMER10" },
    };
    const order = { ...ORDER, lineItems: [...(ORDER.lineItems as Entity[]), promotion] };
    const list = events(run("checkout.order.placed", { order }));
    expect(list[0]?.type === "order.placed" && [list[0].data.coupons, list[0].data.items.length]).toEqual([
      ["SOMMER10"],
      1,
    ]);
    expect(list[1]).toMatchObject({ type: "coupon.redeemed", data: { code: "SOMMER10", orderId: ORDER_ID } });
  });

  it("counts completed capture refunds by their own id, and not open ones", () => {
    // variant: the SDK's refund entity attached to the order's transaction, once open (as given), once completed
    const attach = (refund: Entity) => ({
      ...ORDER,
      transactions: [{ ...(ORDER.transactions as Entity[])[0], captures: [{ refunds: [refund] }] }],
    });
    const topic = "state_enter.order_transaction.state.refunded_partially";
    expect(events(run(topic, { order: attach(REFUND.refund) }))).toEqual([]);
    const completed = { ...REFUND.refund, stateMachineState: { technicalName: "completed" } };
    expect(events(run(topic, { order: attach(completed) }))).toEqual([
      expect.objectContaining({
        id: "shopware:refund:70d9f8c7b9074445b9dd84b7b179374b",
        type: "order.refunded",
        data: { orderId: ORDER_ID, amount: { amount: "420.69", currency: "EUR" } },
      }),
    ]);
  });

  it("voids the order under one id when it is refunded in full or cancelled", () => {
    for (const topic of [
      "state_enter.order_transaction.state.refunded",
      "state_enter.order.state.cancelled",
    ]) {
      expect(events(run(topic, { order: ORDER }))).toEqual([
        expect.objectContaining({
          id: `shopware:order:${ORDER_ID}:void`,
          data: { orderId: ORDER_ID, amount: { amount: "395.01", currency: "EUR" } },
        }),
      ]);
    }
  });

  it("refuses an order without its currency and customer, naming the fields", () => {
    // The refund payload's order was serialised without those associations.
    const result = run("state_enter.order_transaction.state.refunded", { order: REFUND.order });
    expect(result.kind === "invalid" && result.issues.map((i) => i.path)).toEqual([
      "data.payload.order.currency",
      "data.payload.order.orderCustomer",
    ]);
  });
});

describe("Shopware customers and newsletter consent", () => {
  const customer = (ORDER.orderCustomer as Entity).customer as Entity;

  it("maps checkout.customer.register to a registration at the account's creation", () => {
    expect(events(run("checkout.customer.register", { customer }))).toEqual([
      expect.objectContaining({
        id: "shopware:customer:5e5d6cd8917c45839b2f6aa7b4bf1425:registered",
        type: "customer.registered",
        occurredAt: "2023-05-04T09:18:34.360Z",
        customer: {
          id: "5e5d6cd8917c45839b2f6aa7b4bf1425",
          email: "test@example.com",
          firstName: "Max",
          lastName: "Mustermann",
        },
      }),
    ]);
  });

  // No newsletter fixture exists; the recipient carries the entity's documented fields.
  const recipient = (status: string, confirmedAt: string | null = null) => ({
    newsletterRecipient: {
      id: "a1b2c3",
      email: "Anna@Example.com",
      status,
      confirmedAt,
      createdAt: "2023-05-04T09:00:00.000+00:00",
    },
  });

  it("grants confirmed consent on Shopware's double opt-in, pending on a direct subscription", () => {
    const [confirmed] = events(
      run("newsletter.confirm", recipient("optIn", "2023-05-04T09:05:00.000+00:00")),
    );
    expect(confirmed).toMatchObject({
      type: "consent.granted",
      customer: { email: "anna@example.com" },
      data: {
        channel: "email",
        purpose: "marketing",
        source: "shopware",
        confirmedAt: "2023-05-04T09:05:00.000Z",
      },
    });
    const [direct] = events(run("newsletter.register", recipient("direct")));
    expect(direct?.type).toBe("consent.granted");
    expect(direct?.data).not.toHaveProperty("confirmedAt");
  });

  it("waits for the shop's own confirmation, and revokes on unsubscribe", () => {
    expect(events(run("newsletter.register", recipient("notSet")))).toEqual([]);
    expect(events(run("newsletter.unsubscribe", recipient("optOut"))).map((e) => e.type)).toEqual([
      "consent.revoked",
    ]);
  });
});

describe("Shopware deliveries", () => {
  it.skipIf(CAPTURES_MISSING)(
    "rejects the documentation's envelope: its timestamp is decades old (a replay)",
    () => {
      const rawBody = Buffer.from(fixtureText("shopware/webhook-envelope.product.written.docs-example.json"));
      const identified = shopware.identify({ rawBody, headers: {} }, NOW);
      expect(identified).toMatchObject({ kind: "reject", status: 401 });
    },
  );

  it.skipIf(CAPTURES_MISSING)(
    "accepts the same envelope when fresh, naming shop and delivery from source, and maps its deletion",
    () => {
      const docs = fixtureJson<Entity & { data: Entity }>(
        "shopware/webhook-envelope.product.written.docs-example.json",
      );
      const rawBody = Buffer.from(JSON.stringify({ ...docs, timestamp: NOW.getTime() / 1000 - 60 }));
      const request = { rawBody, headers: { "shopware-shop-signature": shopwareSignature(SECRET, rawBody) } };
      expect(shopware.identify(request, NOW)).toMatchObject({
        kind: "delivery",
        delivery: {
          shop: "dgrH7nLU6tlE",
          deliveryId: "7b04ebe416db4ebc93de4d791325e1d9",
          topic: "product.written",
        },
      });
      expect(verifyParseMap("shopware", request, SECRET, NOW)).toMatchObject({
        kind: "events",
        events: [
          {
            type: "product.deleted",
            shop: "dgrH7nLU6tlE",
            data: { productId: "7b04ebe416db4ebc93de4d791325e1d9" },
          },
        ],
      });
    },
  );

  it("refuses a truncated body before anything else, and a wrong signature", () => {
    const request = delivered("checkout.order.placed", { order: ORDER });
    const truncated = { ...request, rawBody: request.rawBody.subarray(0, 500) };
    expect(verifyParseMap("shopware", truncated, SECRET, NOW)).toEqual({ kind: "rejected", status: 400 });
    expect(verifyParseMap("shopware", request, "other", NOW)).toEqual({ kind: "rejected", status: 401 });
  });
});
