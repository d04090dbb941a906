import { describe, expect, it } from "vitest";
import { normaliseReferralCode, REFERRAL_PREFIX, referralCode } from "./referral-code";

describe("referral codes", () => {
  it("are derived: the same customer gets the same code, another customer or shop another", () => {
    const anna = referralCode("key", "default", "id:c-1");

    expect(anna).toMatch(/^REF-[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(referralCode("key", "default", "id:c-1")).toBe(anna);
    expect(referralCode("key", "default", "id:c-2")).not.toBe(anna);
    expect(referralCode("key", "other-shop", "id:c-1")).not.toBe(anna);
    expect(referralCode("other-key", "default", "id:c-1")).not.toBe(anna);
  });

  it("spread over the alphabet (no fixed symbol from a bit-packing slip)", () => {
    const codes = Array.from({ length: 2000 }, (_, i) => referralCode("key", "default", `id:c-${i}`));
    expect(new Set(codes).size).toBe(codes.length);
    for (let position = 4; position < 12; position++)
      expect(new Set(codes.map((c) => c[position])).size, `position ${position}`).toBe(32);
  });

  it("are found however the customer typed them", () => {
    const code = referralCode("key", "default", "id:c-1");
    const stored = normaliseReferralCode(code);

    expect(stored).toBe(code.replace("-", ""));
    expect(normaliseReferralCode(code.toLowerCase())).toBe(stored);
    expect(normaliseReferralCode(` ${code.slice(0, 8)} ${code.slice(8)} `)).toBe(stored);
    expect(normaliseReferralCode("REF-0000 1111")).toBe(normaliseReferralCode("ref-oooo-ilil"));
  });

  it("tell other coupons apart without a lookup", () => {
    for (const coupon of [
      "WELCOME10",
      "REF",
      "REF-123",
      "REF-1234567890",
      "REFU-1234567",
      "",
      "x".repeat(500),
    ])
      expect(normaliseReferralCode(coupon), coupon).toBeUndefined();
    expect(REFERRAL_PREFIX).toBe("REF");
  });
});
