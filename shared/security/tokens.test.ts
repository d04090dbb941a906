import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { customerKeyOf } from "../domain/identity";
import {
  customerClaims,
  customerOfClaims,
  MAX_TOKEN_LENGTH,
  signToken,
  type TokenClaims,
  verifyToken,
} from "./tokens";

const key = "test-token-key";
const now = new Date("2026-11-02T09:00:00Z");
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const claims: TokenClaims = {
  purpose: "unsubscribe",
  shop: "my-shop",
  customerKey: "id:c-42",
  exp: epoch(now) + 3600,
};
const unsubscribe = { purpose: "unsubscribe" as const, now };

/** Replaces one character with another from the same alphabet, keeping the token's shape. */
function flip(text: string, at: number): string {
  const c = text[at];
  return `${text.slice(0, at)}${c === "A" ? "B" : "A"}${text.slice(at + 1)}`;
}

describe("signed tokens", () => {
  it("verifies what it signed and returns the claims", () => {
    const token = signToken({ ...claims, campaign: "winback", n: 3 }, key);

    const result = verifyToken(token, key, unsubscribe);

    expect(result).toEqual({ ok: true, claims: { ...claims, campaign: "winback", n: 3 } });
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
  });

  it("refuses a token whose payload was changed", () => {
    const [, mac] = signToken(claims, key).split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, customerKey: "id:c-43" })).toString("base64url");

    expect(verifyToken(`${forged}.${mac}`, key, unsubscribe)).toEqual({ ok: false, reason: "bad-signature" });
    expect(verifyToken(flip(signToken(claims, key), 5), key, unsubscribe)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses a token whose signature was changed, or that was signed with another key", () => {
    const token = signToken(claims, key);

    expect(verifyToken(flip(token, token.length - 10), key, unsubscribe)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
    expect(verifyToken(signToken(claims, "other-key"), key, unsubscribe)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses a second spelling of the same signature (spare bits of the last character)", () => {
    const token = signToken(claims, key);
    const last = token.at(-1)!;
    // 43 base64url characters carry 258 bits for 256: the last character's low 2 bits are spare.
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const sibling = alphabet[alphabet.indexOf(last) ^ 1]!;

    expect(verifyToken(token.slice(0, -1) + sibling, key, unsubscribe)).toEqual({
      ok: false,
      reason: "bad-signature",
    });
  });

  it("refuses an expired token, from the second of its expiry on", () => {
    const token = signToken(claims, key);

    expect(verifyToken(token, key, { ...unsubscribe, now: new Date((claims.exp - 1) * 1000) }).ok).toBe(true);
    expect(verifyToken(token, key, { ...unsubscribe, now: new Date(claims.exp * 1000) })).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses a token made for another purpose", () => {
    const survey = signToken({ ...claims, purpose: "survey" }, key);

    expect(verifyToken(survey, key, unsubscribe)).toEqual({ ok: false, reason: "wrong-purpose" });
    expect(verifyToken(survey, key, { purpose: "survey", now }).ok).toBe(true);
  });

  it("answers malformed, without throwing, to truncated, garbage and oversized input", () => {
    const token = signToken(claims, key);
    const junk: unknown[] = [
      token.slice(0, -1),
      token.slice(0, token.indexOf(".")),
      token.slice(token.indexOf(".")),
      "",
      ".",
      "a.b",
      "not a token at all",
      `${token}.${token}`,
      "%00%ff.\u0000",
      "ü".repeat(100),
      `${"A".repeat(MAX_TOKEN_LENGTH)}.${"A".repeat(43)}`,
      "x".repeat(10_000_000),
      undefined,
      null,
      42,
      { token },
    ];
    for (const input of junk) {
      expect(verifyToken(input, key, unsubscribe)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("answers malformed to a correctly signed payload that is not claims", () => {
    const payload = Buffer.from('{"purpose":"unsubscribe"}').toString("base64url");
    const mac = createHmac("sha256", key).update(`stammkunde-token.v1.${payload}`).digest("base64url");

    expect(verifyToken(`${payload}.${mac}`, key, unsubscribe)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses to sign with an empty key or claims that do not fit", () => {
    expect(() => signToken(claims, "")).toThrow("empty");
    expect(() => signToken({ ...claims, exp: 1.5 }, key)).toThrow();
    expect(() => signToken({ ...claims, note: "x".repeat(499) + "y".repeat(2) }, key)).toThrow();
  });
});

describe("the customer a token names", () => {
  it("names a customer with a shop id by its key alone, without the email", () => {
    const bound = customerClaims({ id: "c-42", email: "anna@example.com" });

    expect(bound).toEqual({ customerKey: "id:c-42" });
    expect(customerOfClaims({ ...claims, ...bound })).toEqual({ id: "c-42" });
  });

  it("names a guest by the signed address, and only if it matches the key", () => {
    const bound = customerClaims({ email: "Berta@Example.com" });

    expect(bound).toEqual({
      customerKey: customerKeyOf({ email: "berta@example.com" }),
      e: "berta@example.com",
    });
    expect(customerOfClaims({ ...claims, ...bound })).toEqual({ email: "berta@example.com" });
    expect(customerOfClaims({ ...claims, ...bound, e: "carla@example.com" })).toBeUndefined();
    expect(customerOfClaims({ ...claims, customerKey: bound.customerKey })).toBeUndefined();
    expect(customerOfClaims({ ...claims, customerKey: "id:" })).toBeUndefined();
  });
});
