import { describe, expect, it } from "vitest";
import {
  CAPTURES_MISSING,
  capture,
  fixtureFiles,
  fixtureJson,
  fixtureText,
  shopifyDocsSample,
  withHeaders,
} from "../../test/fixtures/connectors/fixtures";
import { verifyParseMap } from "./index";
import { parseLosslessJson } from "./lossless-json";
import { shopify, shopifySignature } from "./shopify";

const SECRET = "test-shopify-secret";
const NOW = new Date("2024-08-07T23:00:00Z");
const DELIVERY = {
  platform: "shopify",
  shop: "my-shop.myshopify.com",
  deliveryId: "w-1",
  receivedAt: NOW.toISOString(),
} as const;
const CAPTURES = (CAPTURES_MISSING ? [] : ["hookdeck-2024-10", "hookdeck-2023-01"]).flatMap((dir) =>
  fixtureFiles(`shopify/${dir}`).map((f) => `shopify/${dir}/${f}`),
);

/** The capture as it would reach us: its own headers, its body (re-serialised by the capture) signed anew. */
function delivered(path: string, rename?: (header: string) => string) {
  const c = capture(path);
  const rawBody = Buffer.from(JSON.stringify(c.body));
  let headers = withHeaders(c.headers, { "x-shopify-hmac-sha256": shopifySignature(SECRET, rawBody) });
  if (rename) headers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [rename(k), v]));
  return { rawBody, headers };
}

describe("Shopify deliveries", () => {
  it.skipIf(CAPTURES_MISSING)(
    "maps every captured delivery of a supported topic and ignores the others",
    () => {
      const seen: string[] = [];
      for (const path of CAPTURES) {
        const { topic, headers } = capture(path);
        const result = verifyParseMap("shopify", delivered(path), SECRET, NOW);
        if (shopify.topics.includes(topic)) {
          expect(["events", "erase"], path).toContain(result.kind);
          if (result.kind === "events") {
            for (const e of result.events) expect(e.shop).toBe(headers["x-shopify-shop-domain"]);
          }
          seen.push(topic);
        } else {
          expect(result.kind, path).toBe("unknown-topic");
        }
      }
      // Every supported topic has at least one real capture, but for the privacy webhook
      // customers/redact, which no capture holds (its documented payload is tested in shopify-customers.test.ts),
      // and the catalog topics (their documented payloads are tested in products.test.ts).
      const uncaptured = (t: string) =>
        t === "customers/redact" || /^(products|variants|inventory_levels)\//.test(t);
      expect(new Set(seen)).toEqual(new Set(shopify.topics.filter((t) => !uncaptured(t))));
    },
  );

  it.skipIf(CAPTURES_MISSING)("reads the newer lower-case shopify-* headers without the x- prefix", () => {
    const request = delivered("shopify/hookdeck-2024-10/orders.create.json", (h) =>
      h.replace(/^x-shopify-/, "shopify-"),
    );
    expect(Object.keys(request.headers).some((h) => h.startsWith("x-shopify"))).toBe(false);
    const result = verifyParseMap("shopify", request, SECRET, NOW);
    expect(result.kind).toBe("events");
  });

  it.skipIf(CAPTURES_MISSING)(
    "names the shop by X-Shopify-Shop-Domain and the delivery by X-Shopify-Webhook-Id",
    () => {
      const identified = shopify.identify(delivered("shopify/hookdeck-2023-01/orders.create.json"), NOW);
      expect(identified).toMatchObject({
        kind: "delivery",
        delivery: {
          shop: "hookdeck-demo.myshopify.com",
          deliveryId: "64f9a71e-c088-4152-aa47-88251b634a99",
          topic: "orders/create",
        },
      });
    },
  );

  it.skipIf(CAPTURES_MISSING)(
    "takes the trigger time from X-Shopify-Triggered-At where Shopify sends it",
    () => {
      const identified = shopify.identify(delivered("shopify/hookdeck-2024-10/orders.create.json"), NOW);
      expect(identified.kind === "delivery" && identified.delivery.firedAt).toBe("2024-08-07T22:57:57.290Z");
    },
  );

  it.skipIf(CAPTURES_MISSING)(
    "refuses a missing shop domain, a wrong signature and the capture's own unverifiable HMAC",
    () => {
      const request = delivered("shopify/hookdeck-2024-10/orders.create.json");
      const noShop = {
        ...request,
        headers: withHeaders(request.headers, { "x-shopify-shop-domain": undefined }),
      };
      expect(verifyParseMap("shopify", noShop, SECRET, NOW)).toEqual({ kind: "rejected", status: 401 });
      expect(verifyParseMap("shopify", request, "another-secret", NOW)).toEqual({
        kind: "rejected",
        status: 401,
      });
      const original = capture("shopify/hookdeck-2024-10/orders.create.json");
      expect(shopify.verify(SECRET, { rawBody: request.rawBody, headers: original.headers })).toBe(false);
    },
  );

  it.skipIf(CAPTURES_MISSING)(
    "recognises every id that lost precision by comparing it with admin_graphql_api_id",
    () => {
      // given: every capture whose body has both an id and a gid
      const checked: string[] = [];
      for (const path of CAPTURES) {
        const body = parseLosslessJson(JSON.stringify(capture(path).body)) as Record<string, unknown>;
        const gid = body.admin_graphql_api_id;
        if (typeof gid !== "string" || body.id === undefined) continue;
        const exact = gid.split("/").pop();
        // then: the copies went through JSON.parse, so the 18-digit id no longer matches its gid
        expect(String(body.id), path).not.toBe(exact);
        const result = verifyParseMap("shopify", delivered(path), SECRET, NOW);
        if (result.kind === "events" && result.events.length > 0) {
          expect(result.warnings.join(" "), path).toContain("lost precision");
          const ids = result.events.flatMap((e) => [
            "customer" in e ? e.customer.id : undefined,
            "orderId" in e.data ? e.data.orderId : undefined,
          ]);
          expect(ids, path).toContain(exact);
          expect(ids, path).not.toContain(String(body.id));
        }
        if (result.kind === "erase") expect(result.customerId).toBe(exact);
        checked.push(path);
      }
      expect(checked.length).toBeGreaterThanOrEqual(10);
    },
  );

  it.skipIf(CAPTURES_MISSING)("needs no gid when the raw text still holds the exact id", () => {
    const raw = fixtureText("shopify/shopify-dev-docs-2026-07-raw/customers.create.raw.json");
    const rawBody = Buffer.from(raw);
    const headers = {
      "X-Shopify-Topic": "customers/create",
      "X-Shopify-Shop-Domain": "my-shop.myshopify.com",
      "X-Shopify-Webhook-Id": "w-1",
      "X-Shopify-Hmac-Sha256": shopifySignature(SECRET, rawBody),
    };
    const result = verifyParseMap("shopify", { rawBody, headers }, SECRET, NOW);
    expect(result).toMatchObject({ kind: "events", warnings: [] });
    expect(
      result.kind === "events" &&
        result.events[0] &&
        "customer" in result.events[0] &&
        result.events[0].customer.id,
    ).toBe("706405506930370084");
  });

  it("maps every one of Shopify's documentation samples", () => {
    const files = fixtureFiles("shopify/gadget-docs-metadata-2026-04");
    expect(files).toHaveLength(13);
    for (const file of files) {
      const topic = fixtureJson<{ name: string }>(`shopify/gadget-docs-metadata-2026-04/${file}`).name;
      const body = parseLosslessJson(JSON.stringify(shopifyDocsSample(topic)));
      const result = shopify.map({ ...DELIVERY, topic }, body);
      expect(["events", "erase"], file).toContain(result.kind);
    }
  });

  it("reads the anonymised exemplars' real shapes: odd time format, blanked values refused by field", () => {
    const exemplar = (name: string) =>
      parseLosslessJson(fixtureText(`shopify/gadget-anonymized-exemplars-2025-04/${name}.json`));
    const customer = shopify.map({ ...DELIVERY, topic: "customers/create" }, exemplar("customers_1"));
    expect(customer).toMatchObject({
      kind: "events",
      events: [
        { occurredAt: "2019-01-01T00:00:00.000Z", customer: { id: "123", email: "eallam@example.com" } },
      ],
    });
    expect(shopify.map({ ...DELIVERY, topic: "carts/create" }, exemplar("carts_1"))).toMatchObject({
      events: [],
    });
    const consent = shopify.map(
      { ...DELIVERY, topic: "customers_email_marketing_consent/update" },
      exemplar("customers_email_marketing_consent_1"),
    );
    expect(consent).toMatchObject({ kind: "events", events: [] });
    for (const name of ["refunds_1", "refunds_2"]) {
      const refund = shopify.map({ ...DELIVERY, topic: "refunds/create" }, exemplar(name));
      expect(refund.kind === "invalid" && refund.issues.map((i) => i.path), name).toContain(
        "transactions.0.amount",
      );
    }
  });
});
