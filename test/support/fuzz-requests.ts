import { createHmac, randomUUID } from "node:crypto";
import { shopwareSignature } from "../../shared/connectors/shopware";
import { signHex } from "../../shared/http/signature";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { signToken, type TokenClaims } from "../../shared/security/tokens";

/** One hostile request: raw bytes and raw headers (an array value is sent as duplicate header lines). */
export interface FuzzRequest {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Random, max: number) => Math.floor(r() * max);

export const MAX_BODY = 256 * 1024;

const validEvent = () => ({
  id: `fz-${randomUUID()}`,
  type: "order.placed",
  occurredAt: "2026-11-02T09:15:00Z",
  customer: { id: "fz-1", email: "fuzz@example.com", firstName: "Fuzz" },
  data: { orderId: "o-1", total: { amount: "1.00", currency: "EUR" }, items: [] },
});

/** Each makes an otherwise valid event invalid, so no fuzz request can legitimately write. */
const BREAK_EVENT: Array<(e: Record<string, unknown>, r: Random) => void> = [
  (e, r) => {
    e.id = pick(r, [null, 5, {}, [], ""]);
  },
  (e) => {
    e.type = "order.placedx";
  },
  (e, r) => {
    e.occurredAt = pick(r, ["yesterday", 1730000000, "2026-13-45T99:99:99Z", null]);
  },
  (e, r) => {
    e.customer = pick(r, [[], "c-1", null, {}, { email: "not-an-address" }]);
  },
  (e, r) => {
    (e.data as Record<string, unknown>).total = {
      amount: pick(r, [Number.POSITIVE_INFINITY, 12, "1e400", "-"]),
      currency: "EUR",
    };
  },
  (e, r) => {
    e.shop = pick(r, ["../etc", "a b", "", "x".repeat(500), 7]);
  },
];

const ODD_VALUES: readonly unknown[] = [
  null,
  true,
  0,
  -1,
  1e308,
  Number.MAX_SAFE_INTEGER,
  "",
  " ",
  "\u0000",
  "\ud800",
  "x".repeat(5000),
  [],
  {},
  [[[[[]]]]],
  { __proto__: { polluted: 1 } },
];

/** `wrongTypes`: a body of the route's own shape with fields of the wrong type, never valid. */
function body(
  r: Random,
  validJson: string,
  wrongTypes: (r: Random) => unknown = wrongEvent,
): { kind: string; bytes: Buffer } {
  switch (int(r, 10)) {
    case 0: {
      const bytes = Buffer.alloc(int(r, 3000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = int(r, 256);
      return { kind: "random-bytes", bytes };
    }
    case 1: {
      // Invalid UTF-8 inside otherwise valid JSON: lone continuation bytes, overlong forms, surrogates.
      const bad = pick(r, [[0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0x80], [0xe2, 0x82]]);
      const at = validJson.indexOf('"', 1 + int(r, validJson.length - 2));
      const cut = at < 0 ? 1 : at + 1;
      return {
        kind: "invalid-utf8",
        bytes: Buffer.concat([
          Buffer.from(validJson.slice(0, cut)),
          Buffer.from(bad),
          Buffer.from(validJson.slice(cut)),
        ]),
      };
    }
    case 2:
      return { kind: "truncated-json", bytes: Buffer.from(validJson.slice(0, int(r, validJson.length))) };
    case 3: {
      const depth = pick(r, [50, 1000, 20_000, 100_000]);
      const nested =
        r() < 0.5
          ? `${"[".repeat(depth)}${"]".repeat(depth)}`
          : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
      return { kind: `deep-json-${depth}`, bytes: Buffer.from(r() < 0.5 ? `{"events":${nested}}` : nested) };
    }
    case 4:
      return {
        kind: "huge-numbers",
        bytes: Buffer.from(
          validJson.replace(/"1\.00"|"o-1"|"2026-11-02T09:15:00Z"/, () =>
            pick(r, ["1e400", "123456789012345678901234567890", "-0", "NaN", "1.7976931348623157e309"]),
          ),
        ),
      };
    case 5: {
      const polluted = `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"events":[{"__proto__":{"type":"order.placed"},"id":"x"}],"id":{"__proto__":null}}`;
      return {
        kind: "prototype-pollution",
        // The second form is the valid body with polluting keys and an id that is an object: still invalid.
        bytes: Buffer.from(
          r() < 0.5
            ? polluted
            : validJson
                .replace("{", `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},`)
                .replace('"id":', '"id":{"__proto__":{"polluted":true}},"was":'),
        ),
      };
    }
    case 6: {
      const top = pick(r, ODD_VALUES);
      return { kind: "wrong-type-top", bytes: Buffer.from(JSON.stringify({ events: top }) ?? "null") };
    }
    case 7: {
      return { kind: "wrong-type-field", bytes: Buffer.from(JSON.stringify(wrongTypes(r))) };
    }
    case 8:
      return { kind: "empty", bytes: Buffer.alloc(0) };
    default: {
      const n = pick(r, [0, 1, 7, 100]);
      return { kind: "oversized", bytes: Buffer.from(`{"pad":"${"x".repeat(MAX_BODY + n - 10)}"}`) };
    }
  }
}

function wrongEvent(r: Random): unknown {
  const e = validEvent() as Record<string, unknown>;
  pick(r, BREAK_EVENT)(e, r);
  const data = e.data as Record<string, unknown>;
  if (r() < 0.5) data[pick(r, ["items", "coupons", "orderId"])] = pick(r, ODD_VALUES);
  return r() < 0.5 ? e : { events: [validEvent(), e] };
}

/** A webhook body naming no customer: no usable id, no usable address, whatever the topic. */
function wrongWebhook(r: Random): unknown {
  return {
    id: pick(r, [null, {}, [], true, "", -1.5]),
    email: pick(r, [null, 5, {}, "not-an-address", ""]),
    customer: pick(r, [[], "x", 5, null, { id: {}, email: [] }]),
    billing: pick(r, [[], "x", { email: 7 }]),
    total_price: pick(r, ODD_VALUES),
    line_items: pick(r, ODD_VALUES),
  };
}

const CONTENT_TYPES = [
  "application/json",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=zz",
  "application/json; charset=iso-8859-1",
  "",
];

/** How the signature header is sent: right, missing, wrong, duplicated. */
function signature(r: Random, right: string): { kind: string; value?: string | string[] } {
  const n = r();
  if (n < 0.45) return { kind: "signed", value: right };
  if (n < 0.6) return { kind: "unsigned" };
  if (n < 0.75)
    return { kind: "wrong-signature", value: pick(r, ["sha256=00", "", "x".repeat(5000), right.slice(1)]) };
  return { kind: "duplicate-signature", value: r() < 0.5 ? [right, right] : [right, "sha256=deadbeef"] };
}

export function eventsRequest(r: Random): FuzzRequest {
  const b = body(r, JSON.stringify(validEvent()));
  const sig = signature(r, signHex(LOCAL_DEFAULTS.EVENTS_API_SECRET, b.bytes));
  const headers: Record<string, string | string[]> = { "content-type": pick(r, CONTENT_TYPES) };
  if (sig.value !== undefined) headers["x-signature"] = sig.value;
  return { kind: `${b.kind}/${sig.kind}`, method: "POST", path: "/events", headers, body: b.bytes };
}

const base64Hmac = (secret: string, bytes: Buffer) =>
  createHmac("sha256", secret).update(bytes).digest("base64");

export function webhookRequest(r: Random, platform: string): FuzzRequest {
  const now = Math.floor(Date.now() / 1000);
  const order = JSON.stringify({ id: 4711, email: "fuzz@example.com", total_price: "1.00", currency: "EUR" });
  const valid =
    platform === "shopware"
      ? JSON.stringify({
          data: { event: "checkout.order.placed", payload: {} },
          source: { shopId: "fz", eventId: randomUUID() },
          timestamp: now,
        })
      : order;
  const b = body(r, valid, wrongWebhook);
  const headers: Record<string, string | string[]> = { "content-type": pick(r, CONTENT_TYPES) };
  const maybe = (name: string, value: string) => {
    const n = r();
    if (n < 0.8) headers[name] = value;
    else if (n < 0.9) headers[name] = [value, pick(r, ["", "other", "x".repeat(3000)])];
  };
  let sig: ReturnType<typeof signature>;
  if (platform === "shopify") {
    maybe("x-shopify-topic", pick(r, ["orders/create", "customers/create", "customers/redact", "x/y", ""]));
    maybe("x-shopify-shop-domain", pick(r, ["fz.myshopify.com", "../x", "", "a".repeat(400)]));
    maybe("x-shopify-webhook-id", pick(r, [randomUUID(), "", "\u00ff"]));
    sig = signature(r, base64Hmac(LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET, b.bytes));
    if (sig.value !== undefined) headers["x-shopify-hmac-sha256"] = sig.value;
  } else if (platform === "woocommerce") {
    maybe("x-wc-webhook-source", pick(r, ["https://fz.example/", "not a url", "", "javascript:alert(1)"]));
    maybe("x-wc-webhook-topic", pick(r, ["order.created", "customer.created", "action.woocommerce", ""]));
    maybe("x-wc-webhook-delivery-id", pick(r, [String(int(r, 1e6)), "", "-1"]));
    sig = signature(r, base64Hmac(LOCAL_DEFAULTS.WOOCOMMERCE_WEBHOOK_SECRET, b.bytes));
    if (sig.value !== undefined) headers["x-wc-webhook-signature"] = sig.value;
  } else {
    sig = signature(r, shopwareSignature(LOCAL_DEFAULTS.SHOPWARE_SHOP_SECRET, b.bytes));
    if (sig.value !== undefined) headers["shopware-shop-signature"] = sig.value;
  }
  return {
    kind: `${platform}:${b.kind}/${sig.kind}`,
    method: "POST",
    path: `/webhooks/${platform}`,
    headers,
    body: b.bytes,
  };
}

/** Tokens that must all be refused: malformed, wrongly signed, or correctly signed with claims that name no one. */
function token(r: Random, purpose: string): { kind: string; value: string } {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  const signed = (claims: Record<string, string | number>) =>
    signToken(claims as TokenClaims, LOCAL_DEFAULTS.TOKEN_SIGNING_KEY);
  const other = purpose === "unsubscribe" ? "survey" : "unsubscribe";
  switch (int(r, 8)) {
    case 0:
      return {
        kind: "random",
        value: Buffer.from(Array.from({ length: int(r, 200) }, () => int(r, 256))).toString("latin1"),
      };
    case 1:
      return { kind: "long", value: "a".repeat(pick(r, [2049, 10_000])) };
    case 2:
      return {
        kind: "wrong-purpose",
        value: signed({ purpose: other, shop: "default", customerKey: "id:fz", exp }),
      };
    case 3:
      return { kind: "expired", value: signed({ purpose, shop: "default", customerKey: "id:fz", exp: 1 }) };
    case 4:
      return {
        kind: "signed-bad-shop",
        value: signed({ purpose, shop: pick(r, ["a b", "../x", "ü"]), customerKey: "id:fz", exp }),
      };
    case 5:
      return {
        kind: "signed-bad-customer",
        value: signed({ purpose, shop: "default", customerKey: pick(r, ["id:", "guest:abc", "x"]), exp }),
      };
    case 6: {
      const t = signed({ purpose, shop: "default", customerKey: "id:fz", exp });
      return { kind: "bit-flipped", value: `${t.slice(0, -3)}${t.at(-3) === "A" ? "B" : "A"}${t.slice(-2)}` };
    }
    default:
      // A survey token signed right whose survey claims name no survey (a bug of ours, never an answer).
      if (purpose === "survey" && r() < 0.5)
        return {
          kind: "signed-bad-survey",
          value: signed({
            purpose,
            shop: "default",
            customerKey: "id:fz",
            exp,
            ...pick<Record<string, string | number>>(r, [
              {},
              { sid: "" },
              { sid: 7 },
              { sid: "x".repeat(201) },
              { sid: "s", o: "" },
            ]),
          }),
        };
      return { kind: "bad-percent", value: "%E0%A4%A" };
  }
}

/** What a survey answer's score looks like when a link or a form was mangled. */
const SCORES = ["10", "0", "11", "-1", "9.5", "1e1", "%ZZ", "", "x".repeat(3000), "%00", "+9"];

export function tokenRequest(r: Random, path: string, method: string, purpose: string): FuzzRequest {
  const t = token(r, purpose);
  const encoded = t.kind === "bad-percent" ? t.value : encodeURIComponent(t.value);
  const score = purpose === "survey" ? `&score=${pick(r, SCORES)}` : "";
  const query = pick(r, [
    `?token=${encoded}${score}`,
    `?token=${encoded}&token=x${score}`,
    "",
    "?token=",
    `?t=${encoded}`,
    "?token=%ZZ",
  ]);
  const valid = purpose === "survey" ? `score=${pick(r, SCORES)}` : "List-Unsubscribe=One-Click";
  const b = method === "POST" && r() < 0.5 ? body(r, valid).bytes : Buffer.from(valid);
  return {
    kind: `${path}:${t.kind}`,
    method,
    path: `${path}${query}`,
    headers: {
      "content-type": pick(r, CONTENT_TYPES),
      "accept-language": pick(r, ["de", "", "x".repeat(500), "*;q=x"]),
    },
    body: b,
  };
}

export function healthRequest(r: Random): FuzzRequest {
  return {
    kind: "health",
    method: "GET",
    path: pick(r, ["/health", "/health?x=%ZZ", "/health/", "/health?__proto__=1"]),
    headers: { "content-type": pick(r, CONTENT_TYPES) },
    body: r() < 0.3 ? body(r, "{}").bytes : Buffer.alloc(0),
  };
}
