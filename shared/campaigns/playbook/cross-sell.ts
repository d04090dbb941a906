import type { CampaignInput } from "../definition";
import { CROSS_SELL } from "./config";
import { letter, PRODUCTS } from "./copy";

const sources = Object.keys(CROSS_SELL);
const targets = [...new Set(Object.values(CROSS_SELL))];

/**
 * 8. Cross-sell 10 days after an order with a category the map knows (./config.ts), suggesting the
 * related category. An order since with a line in a suggested category ends it (the customer has
 * found it); with several mappings that is any suggested category, not only this order's (kept
 * simple: the map is small). Promotional, so it counts against the budget and is not sent to
 * inactive customers; at most one per 30 days.
 */
export const crossSell: CampaignInput = {
  id: "cross-sell",
  name: "Cross-sell",
  description:
    "10 days after an order in a mapped category, at 10:00: the related category (CROSS_SELL map).",
  priority: "promotional",
  trigger: {
    event: "order.placed",
    where: [{ path: "event.data.items.category", op: "in", value: sources }],
    correlate: "event.data.orderId",
  },
  wait: { kind: "local-time", after: "P10D", at: "10:00" },
  exits: [
    {
      kind: "event",
      event: "order.placed",
      where: [{ path: "event.data.items.category", op: "in", value: targets }],
      sameKey: false,
    },
  ],
  reentry: { kind: "cooldown", duration: "P30D" },
  maxDeferral: "P3D",
  // The products are the point: with none available at send time the mail is skipped.
  products: { from: "cross-sell", required: true },
  templates: {
    de: letter("de", "Passend zu Ihrer Bestellung", [
      "wir hoffen, Ihre Bestellung{{#orderId}} {{orderId}}{{/orderId}} hat sich gut eingelebt. Viele unserer Kundinnen und Kunden ergänzen sie nach ein paar Tagen um etwas Passendes.",
      "Unser Vorschlag für Sie: ein Blick in unsere Kategorie {{crossSellCategory}}. Kein Muss, nur eine Idee.",
      PRODUCTS,
    ]),
    en: letter("en", "Something to go with your order", [
      "We hope your order{{#orderId}} {{orderId}}{{/orderId}} has settled in well. Many of our customers add something to go with it after a few days.",
      "Our suggestion for you: have a look at our {{crossSellCategory}}. No pressure, just an idea.",
      PRODUCTS,
    ]),
  },
};
