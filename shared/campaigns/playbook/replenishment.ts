import type { CampaignInput } from "../definition";
import { letter, PRODUCTS } from "./copy";

/**
 * 11. Replenishment / upgrade, shortly before the customer's expected next order. The churn
 * sweep publishes `customer.next-order-due` once per due date (last order + the customer's usual
 * interval), `NEXT_ORDER_DUE_LEAD_DAYS` (3) before it: the lead lives in the sweep, which files
 * its next check for that day, so the sweep still reads only the customers due and the campaign
 * needs no date arithmetic. The mail goes at 10:00 their time and names the category they buy
 * again (`profile.repeatCategory`: in the most orders, at least two); a customer with no repeated
 * category gets none (nothing to restock). Any order since the notice ends it, one in that
 * category included. One per due date (the key), so a retried sweep sends nothing twice.
 *
 * Only for regular customers (stage "repeat" in the event and at dispatch): an at-risk customer
 * gets the reactivation offer instead, an inactive one nothing but transactional mail. A short
 * maximum deferral: held back by the budget for more than two days, the reminder would come
 * after the due date, so it is skipped as expired instead.
 *
 * Known limit: the first check after an order is 14 days later (FIRST_CHECK_DAYS), so a customer
 * who orders more often than every 17 days gets the reminder late, on that first check.
 */
export const replenishment: CampaignInput = {
  id: "replenishment",
  name: "Replenishment / upgrade",
  description:
    "Shortly before the expected next order (customer.next-order-due, 3 days ahead), at 10:00: the category they buy again, to restock or upgrade.",
  priority: "lifecycle",
  trigger: {
    event: "customer.next-order-due",
    where: [{ path: "event.data.stage", op: "eq", value: "repeat" }],
    correlate: "event.data.nextOrderDueAt",
  },
  wait: { kind: "local-time", after: "PT0S", at: "10:00" },
  exits: [{ kind: "order-since" }],
  audience: { stages: ["repeat"], where: [{ path: "profile.repeatCategory", op: "exists" }] },
  reentry: { kind: "once-per-key" },
  maxDeferral: "P2D",
  // Shown when products of the category are available; the text stands without them.
  products: { from: "repeat-category" },
  templates: {
    de: letter("de", "Zeit für Nachschub?", [
      "nach Ihrem üblichen Rhythmus ist es bald wieder Zeit für {{repeatCategory}}. Damit Ihnen nichts ausgeht: Ihre Favoriten finden Sie wie gewohnt bei uns.",
      "Oder ist es Zeit für ein Upgrade? In {{repeatCategory}} gibt es auch Neues, das zu dem passt, was Sie schon kennen.",
      PRODUCTS,
    ]),
    en: letter("en", "Time to stock up?", [
      "Going by your usual rhythm, you will soon be due for more {{repeatCategory}}. So you never run out, your favourites are waiting for you as always.",
      "Or is it time for an upgrade? There is also something new in {{repeatCategory}} to go with what you already know.",
      PRODUCTS,
    ]),
  },
};
