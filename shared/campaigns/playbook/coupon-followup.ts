import type { CampaignInput } from "../definition";
import { letter, PRODUCTS } from "./copy";

/**
 * 6. Coupon follow-up: 7 days after an order that redeemed a coupon, a thank-you with one related
 * recommendation: the cross-sell category of what was bought (./config.ts), else a category the
 * customer already buys. At most one per 30 days, so a regular coupon user is not thanked weekly.
 */
export const couponFollowUp: CampaignInput = {
  id: "coupon-follow-up",
  name: "Coupon follow-up",
  description: "7 days after an order with a coupon, at 10:00: a thank-you with one related recommendation.",
  priority: "lifecycle",
  trigger: {
    event: "order.placed",
    where: [{ path: "event.data.coupons", op: "not-empty" }],
    correlate: "event.data.orderId",
  },
  wait: { kind: "local-time", after: "P7D", at: "10:00" },
  reentry: { kind: "cooldown", duration: "P30D" },
  maxDeferral: "P3D",
  // Shown when products of the category are available; the text stands without them.
  products: { from: "related" },
  templates: {
    de: letter("de", "Danke, dass Sie Ihren Gutschein bei uns eingelöst haben", [
      "vor einer Woche haben Sie{{#couponCode}} Ihren Gutschein {{couponCode}}{{/couponCode}} bei uns eingelöst. Danke dafür! Wir hoffen, Ihre Bestellung macht Ihnen Freude.",
      "{{#crossSellCategory}}Falls Sie noch etwas Passendes suchen: Schauen Sie sich bei Gelegenheit in unserer Kategorie {{crossSellCategory}} um.{{/crossSellCategory}}{{^crossSellCategory}}{{#recommendedCategory}}Bei Gelegenheit lohnt ein Blick auf die Neuheiten in {{recommendedCategory}}.{{/recommendedCategory}}{{/crossSellCategory}}",
      PRODUCTS,
    ]),
    en: letter("en", "Thank you for using your coupon with us", [
      "A week ago you used{{#couponCode}} your coupon {{couponCode}}{{/couponCode}} with us. Thank you! We hope you are enjoying your order.",
      "{{#crossSellCategory}}If you are looking for something to go with it, have a look at our {{crossSellCategory}} some time.{{/crossSellCategory}}{{^crossSellCategory}}{{#recommendedCategory}}When you have a moment, take a look at what is new in {{recommendedCategory}}.{{/recommendedCategory}}{{/crossSellCategory}}",
      PRODUCTS,
    ]),
  },
};
