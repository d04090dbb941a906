import { describe, expect, it } from "vitest";
import { loadCampaigns } from "../../shared/campaigns/catalog";
import { composeMail } from "../../shared/campaigns/compose";
import type { ProductCard } from "../../shared/campaigns/product-card";
import { TEMPLATE_VARIABLES } from "../../shared/campaigns/render";
import { EXAMPLE_SETTINGS } from "../../shared/email/brand";
import { checkMailsInBrowser } from "../support/mail-in-browser";
import { skipScreenshots } from "../support/screenshot";

/** Every variable filled, long where a customer's data can be long, so the layout is tested at its widest. */
const vars = {
  ...Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, `${v}-value`])),
  firstName: "Maximiliane-Alexandra",
  checkoutUrl: "https://example.com/checkout/8f3a9c2e4b7d1f6a0e5c3b9d8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b0a9",
  cartTotal: "1.249,90 EUR",
  unsubscribeUrl:
    "http://127.0.0.1:3000/unsubscribe?token=eyJhbGciOiJIUzI1NiJ9.eyJzaG9wIjoiZGVmYXVsdCJ9.c2lnbmF0dXJl",
  surveyUrl: "http://127.0.0.1:3000/survey?token=eyJhbGciOiJIUzI1NiJ9.c3VydmV5.c2ln",
  confirmUrl: "http://127.0.0.1:3000/confirm?token=eyJhbGciOiJIUzI1NiJ9.Y29uZmlybQ.c2ln",
};
const products: ProductCard[] = [1, 2, 3].map((n) => ({
  productId: `p-${n}`,
  title: n === 2 ? "Edelstahl-Milchkännchen mit besonders langem Namen, 600 ml" : `Tasse ${n}`,
  url: `https://example.com/products/${n}`,
  ...(n === 3 ? {} : { imageUrl: `https://example.com/images/${n}.jpg` }),
  price: { amount: "19.90", currency: "EUR" },
}));

describe.skipIf(skipScreenshots)("every campaign's mail in a browser", () => {
  it("fits a 375 px phone and a 600 px window without sideways scrolling, every picture with alt text", async () => {
    const mails = [];
    for (const c of loadCampaigns())
      for (const locale of ["de", "en"]) {
        const mail = await composeMail(c, vars, { ...EXAMPLE_SETTINGS, customerLocale: locale, products });
        mails.push({ name: `${c.id}/${locale}`, html: mail.html });
      }
    const { checks } = checkMailsInBrowser(mails, [375, 600]);

    expect(checks).toHaveLength(mails.length * 2);
    for (const check of checks) {
      expect(check.scrollWidth, `${check.name} at ${check.width}px`).toBeLessThanOrEqual(check.width);
      // Logo and two product pictures.
      expect(check.images, check.name).toBe(3);
      expect(check.imagesWithoutAlt, check.name).toEqual([]);
    }
  }, 180_000);
});
