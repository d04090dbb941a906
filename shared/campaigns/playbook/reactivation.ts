import type { CampaignInput } from "../definition";
import { REACTIVATION_OFFER } from "./config";
import { letter, PRODUCTS } from "./copy";

/**
 * 10. Reactivation. The daily churn sweep (functions/sweep-churn) marks a customer at risk and
 * publishes `customer.churn-risk` with stage "at-risk": an offer (./config.ts) goes out at 10:00
 * their time. The next order ends it (any order since the trigger; at dispatch too, so an order
 * between the mark and 10:00 stops the mail). One lapse, one journey: the key is the last order's
 * time, so a re-published event (a retried sweep) is a duplicate and a new lapse after a new order
 * gets its own.
 *
 * The second attempt is a campaign of its own, keyed on the first one's sent message (as the
 * newsletter re-send is): 30 days after the offer went out, if there was still no order, the offer
 * once more. A first attempt that was not sent (no consent, control group, expired) starts no
 * second. Then the sweep marks the customer inactive: at risk for `INACTIVE_AFTER_AT_RISK_DAYS`
 * (44: these 30 days plus two weeks for the reminder to work) without an order, and not sooner,
 * whatever the model says (shared/intelligence/jobs/sweep-decision.ts). An inactive customer gets
 * only transactional mail (the dispatch decision skips everything else as `inactive-customer`)
 * until an order clears the mark. A customer first seen far past the inactive threshold (imported
 * history) is marked inactive at once and gets no win-back.
 *
 * Lifecycle, not promotional: the stage starts it, and on a day with one budgeted mail it goes
 * before promotions; it still counts against the contact budget and waits for it.
 */
export const reactivation: CampaignInput = {
  id: "reactivation",
  name: "Reactivation",
  description:
    "A customer the churn sweep marks at risk: an offer at 10:00 their time; their next order ends it (one journey per lapse).",
  priority: "lifecycle",
  trigger: {
    event: "customer.churn-risk",
    where: [{ path: "event.data.stage", op: "eq", value: "at-risk" }],
    correlate: "event.data.lastOrderAt",
  },
  // No stage in the audience: the sweep publishes before it writes the mark, so the profile may
  // not say "at-risk" yet when the event arrives; the event's own stage is the condition.
  wait: { kind: "local-time", after: "PT0S", at: "10:00" },
  exits: [{ kind: "order-since" }],
  reentry: { kind: "once-per-key" },
  maxDeferral: "P3D",
  // Shown when products of the category are available; the text stands without them.
  products: { from: "related" },
  templates: {
    de: letter("de", "Wir vermissen Sie: ein Dankeschön für Ihre nächste Bestellung", [
      "Ihre letzte Bestellung bei uns ist schon eine Weile her, und wir würden uns freuen, Sie wiederzusehen.",
      REACTIVATION_OFFER.de,
      "{{#recommendedCategory}}Schauen Sie doch einmal, was es Neues in {{recommendedCategory}} gibt.{{/recommendedCategory}}",
      PRODUCTS,
    ]),
    en: letter("en", "We miss you: a thank-you for your next order", [
      "It has been a while since your last order, and we would love to see you again.",
      REACTIVATION_OFFER.en,
      "{{#recommendedCategory}}Why not have a look at what is new in {{recommendedCategory}}?{{/recommendedCategory}}",
      PRODUCTS,
    ]),
  },
};

/** How long after the offer the second attempt waits (the sweep's at-risk window is built on it). */
export const SECOND_ATTEMPT_AFTER = "P30D";

export const reactivationReminder: CampaignInput = {
  id: "reactivation-reminder",
  name: "Reactivation, second attempt",
  description:
    "30 days after the reactivation offer, still no order: the offer once more. Then the sweep marks the customer inactive (INACTIVE_AFTER_AT_RISK_DAYS, 44, after the at-risk mark): transactional mail only.",
  priority: "lifecycle",
  trigger: {
    event: "message.sent",
    where: [{ path: "event.data.campaignId", op: "eq", value: "reactivation" }],
    correlate: "event.data.instanceId",
  },
  wait: { kind: "local-time", after: SECOND_ATTEMPT_AFTER, at: "10:00" },
  exits: [{ kind: "order-since" }],
  audience: { stages: ["at-risk"] },
  reentry: { kind: "once-per-key" },
  maxDeferral: "P3D",
  templates: {
    de: letter("de", "Ihr Dankeschön wartet noch auf Sie", [
      "vor einem Monat haben wir Ihnen ein kleines Dankeschön geschickt. Es gilt noch:",
      REACTIVATION_OFFER.de,
      "Möchten Sie lieber keine E-Mails mehr von uns? Dann genügt ein Klick auf „Abmelden“ unten.",
    ]),
    en: letter("en", "Your thank-you is still waiting for you", [
      "A month ago we sent you a small thank-you. It is still valid:",
      REACTIVATION_OFFER.en,
      "Would you rather not hear from us? Then one click on “Unsubscribe” below is enough.",
    ]),
  },
};
