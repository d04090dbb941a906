import { describe, expect, it, vi } from "vitest";
import { shopifySignature } from "../../shared/connectors/shopify";
import { shopwareSignature } from "../../shared/connectors/shopware";
import type { EventBus } from "../../shared/messaging/event-bus";
import { InMemoryDeliveryLog } from "../../shared/persistence/delivery-log";
import {
  CAPTURES_MISSING,
  capture,
  fixtureJson,
  fixtureText,
  withHeaders,
} from "../../test/fixtures/connectors/fixtures";
import { RecordingBus } from "../../test/support/recording-bus";
import { type ReceiveDeps, type ReceiveRequest, receiveWebhook } from "./receive";

const SECRET = "test-secret";
const NOW = new Date("2024-08-07T23:00:00Z");

function deps(over: Partial<ReceiveDeps> = {}) {
  const bus = new RecordingBus();
  const deliveries = new InMemoryDeliveryLog(() => NOW);
  const all: ReceiveDeps = { secretFor: async () => SECRET, bus, deliveries, now: () => NOW, ...over };
  // `bus` is a RecordingBus unless a test passes its own (and then reads nothing from it).
  return { ...all, bus: all.bus as RecordingBus };
}

/** A captured Shopify delivery with its body signed by our secret (the capture's own HMAC is unverifiable). */
function shopifyRequest(path = "shopify/hookdeck-2024-10/orders.create.json", body?: string): ReceiveRequest {
  const c = capture(path);
  const rawBody = Buffer.from(body ?? JSON.stringify(c.body));
  return {
    platform: "shopify",
    rawBody,
    headers: withHeaders(c.headers, { "x-shopify-hmac-sha256": shopifySignature(SECRET, rawBody) }),
  };
}
const RAW_CUSTOMER = "shopify/shopify-dev-docs-2026-07-raw/customers.create.raw.json";
const answer = (result: { body?: string }) => JSON.parse(result.body ?? "null");

describe("POST /webhooks/{platform}", () => {
  it.skipIf(CAPTURES_MISSING)(
    "hands a signed order to the bus and answers with the number of events",
    async () => {
      const d = deps();
      const result = await receiveWebhook(shopifyRequest(), d);
      expect(result.statusCode).toBe(202);
      expect(answer(result)).toEqual({ accepted: 2 });
      expect(d.bus.published.map((e) => [e.source, e.detailType])).toEqual([
        ["stammkunde", "order.placed"],
        ["stammkunde", "order.refunded"],
      ]);
      expect(d.bus.published[0]?.detail).toMatchObject({
        shop: "shop.myshopify.com",
        data: { orderId: "820982911946154508" },
      });
    },
  );

  it.skipIf(CAPTURES_MISSING)("counts a duplicate delivery once", async () => {
    const d = deps();
    const first = await receiveWebhook(shopifyRequest(), d);
    const second = await receiveWebhook(shopifyRequest(), d);
    expect([first.statusCode, second.statusCode]).toEqual([202, 200]);
    expect(answer(second)).toEqual({ duplicate: true });
    expect(d.bus.published).toHaveLength(2);
  });

  it.skipIf(CAPTURES_MISSING)(
    "answers 401 to a wrong signature or an unknown shop, and publishes and remembers nothing",
    async () => {
      const d = deps();
      const request = shopifyRequest();
      const forged = {
        ...request,
        headers: withHeaders(request.headers, {
          "x-shopify-hmac-sha256": shopifySignature("guess", request.rawBody),
        }),
      };
      expect((await receiveWebhook(forged, d)).statusCode).toBe(401);
      const unknownShop = deps({ secretFor: async () => undefined });
      expect((await receiveWebhook(request, unknownShop)).statusCode).toBe(401);
      expect(d.bus.published).toEqual([]);
      expect(unknownShop.bus.published).toEqual([]);
      // nothing remembered: the genuine delivery still goes through
      expect((await receiveWebhook(request, d)).statusCode).toBe(202);
    },
  );

  it.skipIf(CAPTURES_MISSING)("answers 400 to a truncated body and publishes nothing", async () => {
    const d = deps();
    const raw = JSON.stringify(capture("shopify/hookdeck-2024-10/orders.create.json").body);
    const result = await receiveWebhook(shopifyRequest(undefined, raw.slice(0, raw.length - 40)), d);
    expect(result.statusCode).toBe(400);
    expect(answer(result).issues).toEqual([
      { path: "(body)", message: "not valid JSON (truncated or malformed)" },
    ]);
    expect(d.bus.published).toEqual([]);
  });

  it.skipIf(CAPTURES_MISSING)("answers 400 naming the fields of a payload that does not fit", async () => {
    const d = deps();
    const body = JSON.stringify(fixtureJson("shopify/gadget-anonymized-exemplars-2025-04/checkouts_1.json"));
    const result = await receiveWebhook(
      shopifyRequest("shopify/hookdeck-2024-10/checkouts.create.json", body),
      d,
    );
    expect(result.statusCode).toBe(400);
    expect(answer(result).issues.map((i: { path: string }) => i.path)).toContain("total_price");
    expect(d.bus.published).toEqual([]);
  });

  it.skipIf(CAPTURES_MISSING)(
    "answers 200 to an unknown topic and counts it, so the platform stops retrying",
    async () => {
      const onUnknownTopic = vi.fn();
      const d = deps({ onUnknownTopic });
      const result = await receiveWebhook(shopifyRequest("shopify/hookdeck-2024-10/orders.delete.json"), d);
      expect([result.statusCode, answer(result)]).toEqual([200, { ignored: "unknown topic" }]);
      expect(onUnknownTopic).toHaveBeenCalledWith("shopify", "orders/delete");
    },
  );

  it("refuses a body over 256 KB before reading it", async () => {
    const d = deps();
    const result = await receiveWebhook(
      { platform: "shopify", rawBody: Buffer.alloc(256 * 1024 + 1, 32), headers: {} },
      d,
    );
    expect(result.statusCode).toBe(413);
  });

  it.skipIf(CAPTURES_MISSING)(
    "remembers a delivery only once the bus took it, so a failed publish is retried in full",
    async () => {
      const failing: EventBus = { publish: async () => Promise.reject(new Error("bus down")) };
      const d = deps({ bus: failing });
      await expect(receiveWebhook(shopifyRequest(), d)).rejects.toThrow("bus down");
      const retry = deps({ deliveries: d.deliveries });
      expect((await receiveWebhook(shopifyRequest(), retry)).statusCode).toBe(202);
      expect(retry.bus.published).toHaveLength(2);
    },
  );

  it.skipIf(CAPTURES_MISSING)("hands an erase request on when wired, and says so when not", async () => {
    const onErase = vi.fn(async () => {});
    const request = shopifyRequest("shopify/hookdeck-2024-10/customers.delete.json");
    const wired = await receiveWebhook(request, deps({ onErase }));
    expect(wired.statusCode).toBe(202);
    expect(onErase).toHaveBeenCalledWith({
      platform: "shopify",
      shop: "shop.myshopify.com",
      customerId: "706405506930370084",
    });
    const unwired = await receiveWebhook(request, deps());
    expect([unwired.statusCode, answer(unwired)]).toEqual([
      200,
      { ignored: "erase requests are not handled yet" },
    ]);
  });

  it("rejects a replayed Shopware delivery whose timestamp is older than 5 minutes", async () => {
    const d = deps();
    const envelope = {
      data: {
        event: "checkout.order.placed",
        payload: {
          order: fixtureJson<{ order: unknown }>("shopware/app-php-sdk-fixtures/payment.json").order,
        },
      },
      source: { url: "http://localhost:8000", shopId: "hRCw2xo1EDZnLco4", eventId: "e-1" },
    };
    const signed = (timestamp: number): ReceiveRequest => {
      const rawBody = Buffer.from(JSON.stringify({ ...envelope, timestamp }));
      return {
        platform: "shopware",
        rawBody,
        headers: { "shopware-shop-signature": shopwareSignature(SECRET, rawBody) },
      };
    };
    const stale = await receiveWebhook(signed(NOW.getTime() / 1000 - 301), d);
    expect(stale.statusCode).toBe(401);
    expect(d.bus.published).toEqual([]);
    const fresh = await receiveWebhook(signed(NOW.getTime() / 1000 - 10), d);
    expect([fresh.statusCode, answer(fresh)]).toEqual([202, { accepted: 1 }]);
  });

  it("answers WooCommerce's unsigned creation ping with 200", async () => {
    const d = deps({ secretFor: async () => undefined });
    const result = await receiveWebhook(
      {
        platform: "woocommerce",
        rawBody: Buffer.from("webhook_id=4"),
        headers: { "content-type": "application/x-www-form-urlencoded" },
      },
      d,
    );
    expect(result.statusCode).toBe(200);
    expect(d.bus.published).toEqual([]);
  });

  it.skipIf(CAPTURES_MISSING)(
    "reports outcomes with ids and field paths, never the payload's personal data",
    async () => {
      const outcomes: unknown[] = [];
      const d = deps({ onOutcome: (o) => outcomes.push(o) });
      await receiveWebhook(shopifyRequest(), d);
      const paid = "shopify/hookdeck-2024-10/orders.paid.json";
      await receiveWebhook(
        shopifyRequest(paid, JSON.stringify({ ...capture(paid).body, total_price: "n/a" })),
        d,
      );
      await receiveWebhook(
        shopifyRequest(
          "shopify/hookdeck-2024-10/customers.create.json",
          fixtureText(RAW_CUSTOMER).slice(0, 50),
        ),
        d,
      );
      const logged = JSON.stringify(outcomes);
      expect(outcomes).toMatchObject([
        {
          platform: "shopify",
          status: 202,
          result: "accepted",
          shop: "shop.myshopify.com",
          topic: "orders/create",
          events: 2,
        },
        { platform: "shopify", status: 400, result: "invalid", issues: [{ path: "total_price" }] },
        { platform: "shopify", status: 400, result: "invalid", issues: [{ path: "(body)" }] },
      ]);
      for (const personal of ["john@example.com", "jon@example.com", "Smith", "bob@biller.com"])
        expect(logged).not.toContain(personal);
    },
  );
});
