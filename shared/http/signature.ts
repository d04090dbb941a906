import { createHmac, timingSafeEqual } from "node:crypto";

export function hmacSha256(secret: string, body: string | Buffer): Buffer {
  return createHmac("sha256", secret).update(body).digest();
}

/** Constant-time comparison of an expected MAC with the one a caller sent (any length, any junk). */
export function macMatches(expected: Buffer, received: Buffer): boolean {
  // timingSafeEqual needs equal lengths; comparing against a same-length buffer keeps the time flat.
  if (received.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(expected, received);
}

/** `X-Signature: sha256=<hex>` over the raw body (the events API). */
export function verifyHexSignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  if (!header) return false;
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m?.[1]) return false;
  return macMatches(hmacSha256(secret, rawBody), Buffer.from(m[1], "hex"));
}

export function signHex(secret: string, rawBody: string | Buffer): string {
  return `sha256=${hmacSha256(secret, rawBody).toString("hex")}`;
}
