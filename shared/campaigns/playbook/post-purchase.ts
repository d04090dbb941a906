import type { CampaignInput } from "../definition";
import { letter } from "./copy";

/**
 * 2. Post-purchase reassurance after the first order: at 10:00 the customer's time, one to two
 * days after the order (never later than three with the one day of deferral). Priority "service":
 * help with what was bought, with no offer in it, so it does not use the contact budget (and does
 * not push the onboarding tips back); it still needs marketing consent and respects quiet hours,
 * as every mail that is not transactional does. A refund of that order before then ends it.
 */
export const postPurchaseReassurance: CampaignInput = {
  id: "post-purchase-reassurance",
  name: "Post-purchase reassurance",
  description:
    "After the first order, 1-2 days later at 10:00: confirms the good choice, how to get help; no cross-selling.",
  priority: "service",
  trigger: {
    event: "order.placed",
    where: [{ path: "profile.orderCount", op: "eq", value: 1 }],
    correlate: "event.data.orderId",
  },
  wait: { kind: "local-time", after: "P1D", at: "10:00" },
  exits: [{ kind: "event", event: "order.refunded", sameKey: true }],
  reentry: { kind: "once-per-key" },
  maxDeferral: "P1D",
  templates: {
    de: letter("de", "Ihre Bestellung ist in guten Händen", [
      "danke für Ihre erste Bestellung bei uns{{#orderId}} (Nr. {{orderId}}){{/orderId}}. Sie haben gut gewählt, und wir möchten, dass Sie lange Freude daran haben.",
      "{{#categories}}Ein paar Hinweise für den Start mit Ihrem Einkauf aus {{categories}}: {{/categories}}Nehmen Sie sich beim Auspacken einen Moment für die beiliegende Anleitung, bewahren Sie die Verpackung auf, bis alles so läuft, wie es soll, und prüfen Sie die Lieferung gleich auf Vollständigkeit.",
      "Wenn etwas nicht passt oder Sie eine Frage haben: Antworten Sie einfach auf diese E-Mail. Wir helfen gern, auch nach dem Kauf.",
    ]),
    en: letter("en", "Your order is in good hands", [
      "Thank you for your first order with us{{#orderId}} (no. {{orderId}}){{/orderId}}. You chose well, and we want you to enjoy it for a long time.",
      "{{#categories}}A few tips for getting started with your {{categories}}: {{/categories}}Take a moment for the enclosed instructions when you unpack, keep the packaging until everything works as it should, and check the delivery is complete right away.",
      "If something is not right or you have a question, just reply to this email. We are happy to help, after the sale too.",
    ]),
  },
};
