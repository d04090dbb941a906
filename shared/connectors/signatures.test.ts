import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shopifySignature, verifyShopifySignature } from "./shopify";
import { shopwareSignature, verifyShopwareSignature } from "./shopware";
import { verifyWooCommerceSignature, wooCommerceSignature } from "./woocommerce";

interface Vector {
  platform: string;
  key_utf8: string;
  message_utf8: string;
  expected_hex?: string;
  expected_base64?: string;
}

const vectors = JSON.parse(
  readFileSync(new URL("../../test/fixtures/signature-known-answer-vectors.json", import.meta.url), "utf8"),
) as Vector[];

const find = (prefix: string) => vectors.filter((v) => v.platform.startsWith(prefix));

describe("webhook signatures against the known-answer vectors", () => {
  it("has the vectors this suite expects", () => {
    expect(find("WooCommerce")).toHaveLength(1);
    expect(find("Shopware")).toHaveLength(3);
    expect(find("generic HMAC-SHA256")).toHaveLength(1);
  });

  it("verifies WooCommerce's own test vector (base64, empty secret)", () => {
    for (const v of find("WooCommerce")) {
      expect(wooCommerceSignature(v.key_utf8, v.message_utf8)).toBe(v.expected_base64);
      expect(verifyWooCommerceSignature(v.key_utf8, Buffer.from(v.message_utf8), v.expected_base64)).toBe(
        true,
      );
      expect(verifyWooCommerceSignature("other", Buffer.from(v.message_utf8), v.expected_base64)).toBe(false);
    }
  });

  it("verifies the Shopware app SDK's vectors (lower-case hex)", () => {
    for (const v of find("Shopware")) {
      expect(shopwareSignature(v.key_utf8, v.message_utf8)).toBe(v.expected_hex);
      expect(verifyShopwareSignature(v.key_utf8, Buffer.from(v.message_utf8), v.expected_hex)).toBe(true);
      expect(verifyShopwareSignature(v.key_utf8, Buffer.from(`${v.message_utf8} `), v.expected_hex)).toBe(
        false,
      );
    }
  });

  it("verifies Shopify's scheme with RFC 4231 test case 2 (base64)", () => {
    for (const v of find("generic HMAC-SHA256")) {
      expect(shopifySignature(v.key_utf8, v.message_utf8)).toBe(v.expected_base64);
      expect(Buffer.from(v.expected_base64 ?? "", "base64").toString("hex")).toBe(v.expected_hex);
      expect(verifyShopifySignature(v.key_utf8, Buffer.from(v.message_utf8), v.expected_base64)).toBe(true);
    }
  });

  it("refuses missing, truncated and malformed signatures", () => {
    const body = Buffer.from("{}");
    const good = shopifySignature("s", body);
    for (const bad of [undefined, "", good.slice(0, 10), `${good}AAAA`, "not base64!"]) {
      expect(verifyShopifySignature("s", body, bad)).toBe(false);
    }
    const hex = shopwareSignature("s", body);
    for (const bad of [undefined, hex.slice(2), `${hex}00`, "zz".repeat(32)]) {
      expect(verifyShopwareSignature("s", body, bad)).toBe(false);
    }
  });
});
