import { describe, expect, it } from "vitest";
import {
  CAPTURES_MISSING,
  capture,
  fixtureText,
  shopifyDocsSample,
} from "../../test/fixtures/connectors/fixtures";
import type { CanonicalEvent } from "../events/catalog";
import type { Delivery, Mapped } from "./common";
import { parseLosslessJson } from "./lossless-json";
import { shopify } from "./shopify";

const RECEIVED_AT = "2024-08-07T23:00:00.000Z";
const delivery = (topic: string): Delivery => ({
  platform: "shopify",
  shop: "my-shop.myshopify.com",
  deliveryId: "w-1",
  topic,
  receivedAt: RECEIVED_AT,
});
const mapRaw = (topic: string, raw: string): Mapped => shopify.map(delivery(topic), parseLosslessJson(raw));
const map = (topic: string, body: unknown): Mapped => mapRaw(topic, JSON.stringify(body));
const events = (result: Mapped): CanonicalEvent[] => {
  if (result.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(result)}`);
  // Customer events only: these topics map to nothing else (the catalog topics have their own tests).
  return result.events.filter((e): e is CanonicalEvent => "customer" in e);
};
const BOB = { id: "706405506930370084", email: "bob@biller.com", firstName: "Bob", lastName: "Biller" };

describe.skipIf(CAPTURES_MISSING)("Shopify customers", () => {
  it("maps customers/create to a registration at the customer's creation time", () => {
    const raw = fixtureText("shopify/shopify-dev-docs-2026-07-raw/customers.create.raw.json");
    expect(events(mapRaw("customers/create", raw))).toEqual([
      {
        id: `shopify:customer:${BOB.id}:registered`,
        shop: "my-shop.myshopify.com",
        type: "customer.registered",
        occurredAt: "2022-01-01T00:00:00.000Z",
        customer: BOB,
        data: {},
      },
    ]);
  });

  it("maps customers/update to an update, and falls back to the arrival time when Shopify sends no times", () => {
    const [updated] = events(map("customers/update", shopifyDocsSample("customers/update")));
    expect(updated).toMatchObject({
      type: "customer.updated",
      customer: BOB,
      occurredAt: "2022-01-01T00:00:00.000Z",
    });
    const [registered] = events(
      map("customers/create", capture("shopify/hookdeck-2023-01/customers.create.json").body),
    );
    expect(registered).toMatchObject({ type: "customer.registered", occurredAt: RECEIVED_AT, customer: BOB });
  });

  it("surfaces customers/delete as an erase request for the exact customer id", () => {
    for (const raw of [
      fixtureText("shopify/shopify-dev-docs-2026-07-raw/customers.delete.raw.json"),
      JSON.stringify(capture("shopify/hookdeck-2024-10/customers.delete.json").body),
      JSON.stringify(shopifyDocsSample("customers/delete")),
    ]) {
      expect(mapRaw("customers/delete", raw)).toEqual({
        kind: "erase",
        shop: "my-shop.myshopify.com",
        customerId: BOB.id,
      });
    }
  });
});

describe("Shopify customers/redact (the mandatory privacy webhook)", () => {
  // The payload as Shopify's privacy-law compliance docs show it, with an 18-digit id as raw text.
  const redact = (customer: string) =>
    `{"shop_id":954889,"shop_domain":"my-shop.myshopify.com","customer":${customer},"orders_to_redact":[299938,280263]}`;

  it("surfaces an erase request for the exact customer id", () => {
    const raw = redact('{"id":706405506930370084,"email":"bob@biller.com","phone":"555-625-1199"}');
    expect(mapRaw("customers/redact", raw)).toEqual({
      kind: "erase",
      shop: "my-shop.myshopify.com",
      customerId: BOB.id,
    });
  });

  it("erases the guest profile of the email when Shopify names no customer id", () => {
    const result = mapRaw("customers/redact", redact('{"id":null,"email":" Bob@Biller.com"}'));
    expect(result).toEqual({
      kind: "erase",
      shop: "my-shop.myshopify.com",
      customerId: expect.stringMatching(/^guest:[0-9a-f]{32}$/),
    });
    const other = mapRaw("customers/redact", redact('{"email":"bob@biller.com"}'));
    expect(other).toEqual(result);
  });

  it("rejects a redact request that names neither id nor email, naming the field", () => {
    expect(mapRaw("customers/redact", redact('{"id":null,"email":null}'))).toEqual({
      kind: "invalid",
      issues: [{ path: "customer.id", message: "required (or customer.email)" }],
    });
    expect(mapRaw("customers/redact", '{"shop_id":1}')).toMatchObject({
      kind: "invalid",
      issues: [expect.objectContaining({ path: "customer" })],
    });
  });
});

describe.skipIf(CAPTURES_MISSING)("Shopify email marketing consent", () => {
  const RAW = CAPTURES_MISSING
    ? ""
    : fixtureText("shopify/shopify-dev-docs-2026-07-raw/customers_email_marketing_consent.update.raw.json");
  /** Variant of the raw sample (its exact 18-digit id kept) with another consent state. */
  const consent = (state: string, level: string | null, at: string | null) =>
    RAW.replace('"state": "not_subscribed"', `"state": "${state}"`)
      .replace('"opt_in_level": null', `"opt_in_level": ${level ? `"${level}"` : "null"}`)
      .replace('"consent_updated_at": null', `"consent_updated_at": ${at ? `"${at}"` : "null"}`);
  const topic = "customers_email_marketing_consent/update";
  const customer = { id: BOB.id, email: BOB.email };

  it("says nothing when the customer never subscribed, or the state is unknown", () => {
    expect(events(mapRaw(topic, RAW))).toEqual([]);
    expect(
      events(
        map(topic, capture("shopify/hookdeck-2024-10/customers_email_marketing_consent.update.json").body),
      ),
    ).toEqual([]);
    expect(events(map(topic, shopifyDocsSample(topic)))).toEqual([]);
  });

  it("grants consent confirmed by the shop's double opt-in", () => {
    const [granted] = events(
      mapRaw(topic, consent("subscribed", "confirmed_opt_in", "2026-07-01T10:00:00+02:00")),
    );
    expect(granted).toEqual({
      id: `shopify:customer:id:${BOB.id}:consent:subscribed:2026-07-01T08:00:00.000Z`,
      shop: "my-shop.myshopify.com",
      type: "consent.granted",
      occurredAt: "2026-07-01T08:00:00.000Z",
      customer,
      data: {
        channel: "email",
        purpose: "marketing",
        source: "shopify",
        confirmedAt: "2026-07-01T08:00:00.000Z",
      },
    });
  });

  it("leaves a single opt-in pending (no confirmedAt) until the person confirms our mail", () => {
    const [granted] = events(
      mapRaw(topic, consent("subscribed", "single_opt_in", "2026-07-01T10:00:00+02:00")),
    );
    expect(granted?.type).toBe("consent.granted");
    expect(granted?.data).not.toHaveProperty("confirmedAt");
  });

  it("revokes on unsubscribed and ignores a subscription still pending at Shopify", () => {
    expect(
      events(mapRaw(topic, consent("unsubscribed", null, "2026-07-02T10:00:00Z"))).map((e) => e.type),
    ).toEqual(["consent.revoked"]);
    expect(events(mapRaw(topic, consent("pending", "confirmed_opt_in", "2026-07-02T10:00:00Z")))).toEqual([]);
  });
});

describe.skipIf(CAPTURES_MISSING)("Shopify checkouts and carts", () => {
  it("maps a checkout to its value in the buyer's currency and its recovery link", () => {
    const [checkout] = events(
      map("checkouts/update", capture("shopify/hookdeck-2024-10/checkouts.update.json").body),
    );
    expect(checkout).toMatchObject({
      id: "shopify:checkout:123123123:2022-01-01T00:00:00.000Z",
      type: "checkout.updated",
      customer: { id: "603851970716743426", email: "john@example.com" },
      data: {
        checkoutId: "123123123",
        total: { amount: "421.88", currency: "USD" },
        completed: false,
        url: "https://checkout.local/548380009/checkouts/123123123/recover?key=example-secret-token",
      },
    });
    const [cad] = events(
      map("checkouts/create", capture("shopify/hookdeck-2023-01/checkouts.create.json").body),
    );
    expect(cad?.type === "checkout.updated" && cad.data.total).toEqual({ amount: "31.99", currency: "CAD" });
  });

  it("keys a guest checkout by its email", () => {
    const body = { ...shopifyDocsSample("checkouts/create"), customer: null };
    const [checkout] = events(map("checkouts/create", body));
    expect(checkout?.customer).toEqual({ email: "example@email.com" });
  });

  it("maps carts to nothing: they name no customer", () => {
    for (const body of [
      capture("shopify/hookdeck-2024-10/carts.create.json").body,
      shopifyDocsSample("carts/update"),
    ]) {
      expect(map("carts/update", body)).toEqual({ kind: "events", events: [], warnings: [] });
    }
  });
});
