import { createHmac } from "node:crypto";

/**
 * Referral codes (`REF-7K3M9Q2X`): one per customer and shop, derived with an HMAC of the shop and
 * the customer key, so the mail that offers it is rendered without a lookup and the same customer
 * always gets the same code. The reverse (code -> referrer) is the one item the survey follow-up
 * registers when a promoter answers (shared/persistence/survey-store.ts). Keyed, so a code says
 * nothing about whose it is to someone without the key.
 */

/** Every code starts with this; the bus rule routes only orders with such a coupon (any case). */
export const REFERRAL_PREFIX = "REF";

// Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper survives.
const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/** 8 symbols = 40 bits: collisions within one shop stay negligible up to hundreds of thousands of promoters. */
const LENGTH = 8;
const DOMAIN = "stammkunde-referral.v1.";

export function referralCode(key: string, shop: string, customerKey: string): string {
  if (!key) throw new Error("the referral code key is empty");
  const mac = createHmac("sha256", key).update(`${DOMAIN}${shop}|${customerKey}`).digest();
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of mac) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < LENGTH) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    if (out.length === LENGTH) break;
  }
  return `${REFERRAL_PREFIX}-${out}`;
}

/**
 * The form a code is stored and looked up in: upper case, letters and digits only, and the
 * look-alikes Crockford maps (O -> 0, I and L -> 1), so "ref-7k3m 9q2x" finds `REF-7K3M9Q2X`.
 * Undefined for anything that cannot be a referral code (most coupons: WELCOME10).
 */
export function normaliseReferralCode(code: string): string | undefined {
  const compact = code
    .slice(0, 100)
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, "");
  if (!compact.startsWith(REFERRAL_PREFIX)) return undefined;
  const body = compact.slice(REFERRAL_PREFIX.length).replace(/O/g, "0").replace(/[IL]/g, "1");
  if (body.length !== LENGTH || ![...body].every((c) => ALPHABET.includes(c))) return undefined;
  return `${REFERRAL_PREFIX}${body}`;
}
