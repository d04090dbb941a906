import type { ShopEvent } from "../events/product-events";
import { parseBoundedJson } from "../http/edge-guard";
import type { FieldIssue } from "../http/responses";
import { hmacSha256, macMatches } from "../http/signature";
import { parseLosslessJson } from "./lossless-json";

/**
 * What every shop connector has in common: a webhook arrives as raw bytes plus headers; the
 * connector names the shop and the delivery, checks the signature over exactly those bytes, and
 * maps the payload of a topic it supports to zero or more canonical events.
 */

export const PLATFORMS = ["shopify", "woocommerce", "shopware"] as const;
export type Platform = (typeof PLATFORMS)[number];

export type Headers = Readonly<Record<string, string | undefined>>;

export interface WebhookRequest {
  rawBody: Buffer;
  headers: Headers;
}

/** One delivery, named before anything is trusted: the shop is needed to find its secret. */
export interface Delivery {
  platform: Platform;
  /** The platform's own shop identity; becomes the canonical event's `shop`. */
  shop: string;
  /** The platform's id for this delivery (the same across the platform's retries, where it has one). */
  deliveryId: string;
  topic: string;
  /** When the request reached us (ISO); the last resort for an `occurredAt` the payload lacks. */
  receivedAt: string;
  /** When the platform says the event fired (ISO), where it says so. */
  firedAt?: string;
  /** The currency of product prices, which the platforms' product payloads do not name. */
  catalogCurrency?: string;
  /** What `map` takes, when identifying the delivery already required parsing the body (Shopware). */
  parsed?: { body: unknown };
}

export type Identified =
  | { kind: "delivery"; delivery: Delivery }
  /** WooCommerce's unsigned "does this URL answer?" request when a webhook is created. */
  | { kind: "ping" }
  | { kind: "reject"; status: 400 | 401; error: string; issues?: FieldIssue[] };

export type Mapped =
  | { kind: "events"; events: ShopEvent[]; warnings: string[] }
  /** The platform asks for a customer's data to be erased; handled elsewhere. */
  | { kind: "erase"; shop: string; customerId: string }
  | { kind: "unknown-topic" }
  | { kind: "invalid"; issues: FieldIssue[] };

export type TopicMapper = (delivery: Delivery, body: unknown) => Mapped;

export interface Connector {
  readonly platform: Platform;
  /** Topics that map (possibly to nothing, e.g. a cart without a customer); others are ignored. */
  readonly topics: readonly string[];
  identify(request: WebhookRequest, now: Date): Identified;
  /** Constant-time check of the platform's signature over the raw body. */
  verify(secret: string, request: WebhookRequest): boolean;
  /** `body`: `delivery.parsed.body` when identify set it, else the parsed raw body. */
  map(delivery: Delivery, body: unknown): Mapped;
}

/** Header lookup that ignores case (API Gateway lower-cases, the platforms send mixed case). */
export function headerOf(headers: Headers, ...names: string[]): string | undefined {
  for (const name of names) {
    const wanted = name.toLowerCase();
    for (const [k, v] of Object.entries(headers)) {
      if (k.toLowerCase() === wanted && v !== undefined && v.trim() !== "") return v.trim();
    }
  }
  return undefined;
}

export type Parsed = { ok: true; body: unknown } | { ok: false; issues: FieldIssue[] };

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Parses a webhook body, keeping 18-digit ids exact. A truncated body fails here, naming the body. */
export function parseBody(rawBody: Buffer): Parsed {
  let text: string;
  try {
    // Strict: lenient decoding would store U+FFFD in place of every bad byte, in names and ids.
    text = STRICT_UTF8.decode(rawBody);
  } catch {
    return { ok: false, issues: [{ path: "(body)", message: "not valid UTF-8" }] };
  }
  const parsed = parseBoundedJson(text, parseLosslessJson);
  if (parsed.ok) return { ok: true, body: parsed.value };
  const message =
    parsed.issue.message === "not valid JSON"
      ? "not valid JSON (truncated or malformed)"
      : parsed.issue.message;
  return { ok: false, issues: [{ path: "(body)", message }] };
}

/** The shop ids the catalog accepts: a host name or a platform id fits. */
export const SHOP_ID = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;

export function missingHeader(name: string): Identified {
  return {
    kind: "reject",
    status: 400,
    error: `missing header ${name}`,
    issues: [{ path: `headers.${name}`, message: "required" }],
  };
}

/** base64(HMAC-SHA256(secret, raw body)), compared in constant time (Shopify, WooCommerce). */
export function verifyBase64Hmac(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  if (!header || !/^[A-Za-z0-9+/]+={0,2}$/.test(header)) return false;
  return macMatches(hmacSha256(secret, rawBody), Buffer.from(header, "base64"));
}

export function signBase64Hmac(secret: string, rawBody: string | Buffer): string {
  return hmacSha256(secret, rawBody).toString("base64");
}

/** The body `map` takes: what identify already parsed, or the raw body parsed now. */
export function bodyFor(delivery: Delivery, rawBody: Buffer): Parsed {
  return delivery.parsed ? { ok: true, body: delivery.parsed.body } : parseBody(rawBody);
}
