import { createHmac } from "node:crypto";
import { z } from "zod";
import { customerKeyOf, GUEST_PREFIX } from "../domain/identity";
import { macMatches } from "../http/signature";

/**
 * Signed, expiring tokens for links in emails (unsubscribe, survey, double opt-in confirmation,
 * referral): `base64url(JSON claims) + "." + base64url(HMAC-SHA256)`. Each is bound to a purpose,
 * a shop and a customer, so a survey link cannot unsubscribe and one person's link cannot act for
 * another. Claims are signed, not encrypted: put nothing in them the recipient may not see.
 */
export const TOKEN_PURPOSES = ["unsubscribe", "survey", "confirm", "referral"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

export interface TokenClaims {
  purpose: TokenPurpose;
  shop: string;
  customerKey: string;
  /** Expiry, epoch seconds. */
  exp: number;
  [claim: string]: string | number;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: "malformed" | "bad-signature" | "expired" | "wrong-purpose" };

/** Far above any real token (about 300 characters), far below what a URL or log line should carry. */
export const MAX_TOKEN_LENGTH = 2048;

/**
 * Signed over a versioned prefix, so a MAC made with the same key for another use (an HMAC of
 * a request body, say) never verifies as a token.
 */
const DOMAIN = "stammkunde-token.v1.";
/** 32 bytes of HMAC-SHA256 in unpadded base64url. */
const SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

const Claims = z
  .object({
    purpose: z.enum(TOKEN_PURPOSES),
    shop: z.string().min(1).max(100),
    customerKey: z.string().min(1).max(300),
    exp: z.number().int().positive(),
  })
  .catchall(z.union([z.string().max(500), z.number()]));

export function signToken(claims: TokenClaims, key: string): string {
  if (!key) throw new Error("the token signing key is empty");
  const checked = Claims.parse(claims) as TokenClaims;
  const payload = Buffer.from(JSON.stringify(checked), "utf8").toString("base64url");
  const token = `${payload}.${mac(key, payload)}`;
  if (token.length > MAX_TOKEN_LENGTH)
    throw new Error(`a token may be at most ${MAX_TOKEN_LENGTH} characters`);
  return token;
}

/** Never throws: whatever arrives in a query string gets an answer. */
export function verifyToken(
  token: unknown,
  key: string,
  expected: { purpose: TokenPurpose; now: Date },
): TokenCheck {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: "malformed" };
  const parts = SHAPE.exec(token);
  if (!parts?.[1] || !parts[2]) return { ok: false, reason: "malformed" };
  // Compares the canonical encodings, so no second spelling of the same MAC verifies (base64url
  // decoding ignores the last character's spare bits) and a token has exactly one valid form.
  if (!macMatches(Buffer.from(mac(key, parts[1])), Buffer.from(parts[2]))) {
    return { ok: false, reason: "bad-signature" };
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  const parsed = Claims.safeParse(json);
  if (!parsed.success) return { ok: false, reason: "malformed" };
  const claims = parsed.data as TokenClaims;
  if (claims.purpose !== expected.purpose) return { ok: false, reason: "wrong-purpose" };
  if (Math.floor(expected.now.getTime() / 1000) >= claims.exp) return { ok: false, reason: "expired" };
  return { ok: true, claims };
}

function mac(key: string, payload: string): string {
  return createHmac("sha256", key)
    .update(DOMAIN + payload)
    .digest("base64url");
}

/**
 * The claims that bind a token to its customer. A customer with a shop id is named by its key
 * alone. A guest's key is a hash of the email, from which no event can be built (a canonical
 * event needs an id or an email), so guest tokens also carry the address in claim `e`. It is
 * signed, not secret: it goes only to that address, which already knows it. Handlers must never
 * log tokens or query strings for this reason.
 */
export function customerClaims(customer: { id?: string | undefined; email?: string | undefined }): {
  customerKey: string;
  e?: string;
} {
  const customerKey = customerKeyOf(customer);
  return customer.id === undefined && customer.email !== undefined
    ? { customerKey, e: customer.email.trim().toLowerCase() }
    : { customerKey };
}

/** The inverse: the customer a verified token names, or undefined if its claims do not agree. */
export function customerOfClaims(claims: TokenClaims): { id: string } | { email: string } | undefined {
  if (claims.customerKey.startsWith("id:")) {
    const id = claims.customerKey.slice(3);
    return id ? { id } : undefined;
  }
  const email = claims.e;
  if (!claims.customerKey.startsWith(GUEST_PREFIX) || typeof email !== "string") return undefined;
  return customerKeyOf({ email }) === claims.customerKey ? { email } : undefined;
}

/**
 * A signed link for a message to a customer: `<base><path>?token=...`, the token bound to the shop,
 * the customer (a guest by their address, since the guest key is a hash that cannot be reversed
 * to write to her) and `purpose`, expiring `seconds` after `now`, with `extra` claims.
 */
export function customerLink(
  link: { base: string; path: string; purpose: TokenPurpose; seconds: number; key: string },
  to: { shop: string; customerKey: string; email: string },
  now: Date,
  extra: Record<string, string> = {},
): string {
  const claims = to.customerKey.startsWith("id:")
    ? { customerKey: to.customerKey }
    : customerClaims({ email: to.email });
  const token = signToken(
    {
      purpose: link.purpose,
      shop: to.shop,
      exp: Math.floor(now.getTime() / 1000) + link.seconds,
      ...claims,
      ...extra,
    },
    link.key,
  );
  return `${link.base}${link.path}?token=${encodeURIComponent(token)}`;
}
