import type { CampaignInput } from "../definition";
import { type Block, letter } from "./copy";
import { REFERRAL_REWARD_TEXT, REVIEW_URL } from "./survey-settings";

/**
 * 9. Satisfaction survey (NPS) and its follow-ups.
 *
 * 14 days after an order, at 10:00 the customer's time, one question: "would you recommend us?",
 * with eleven links 0-10. Each carries the same signed survey token (`{{surveyUrl}}`, 30 days,
 * bound to shop, customer and survey) plus the score; the page behind it (functions/answer-survey)
 * shows the choice with a send button, since mail scanners open every link of a message and must
 * not answer for anybody. The first answer per survey counts (`survey.answered`), the profile keeps
 * the latest score and the shop's NPS is computed from those (the report).
 *
 * Lifecycle mail: in Germany a satisfaction survey by email is advertising (BGH VI ZR 225/17), so it
 * needs consent and counts against the contact budget. No survey about a refunded order; at most
 * one every 90 days. No control group: it asks, it does not sell, and unasked customers are only
 * missing answers. The catalogue has no delivery event, so "14 days after delivery" is 14 days
 * after the order.
 *
 * Follow-ups, each once per survey: 9-10 get thanks, an invitation to review the shop and their
 * referral code (`{{referralCode}}`, shared/surveys/referral-code.ts); 0-6 get an apology with a
 * way to reach a person (service: no offer, exempt from the budget, and no control group: nobody
 * who complained is left unanswered) and the service team gets `customer.detractor` on the bus.
 * Passives (7-8) get the thank-you page only.
 */

const scoreLinks: Record<"de" | "en", Block> = {
  de: {
    html: `${scoreRow()}<br><span style="font-size:12px;color:#666">0 = sehr unwahrscheinlich, 10 = sehr wahrscheinlich</span>`,
    text: "Ihre Antwort von 0 (sehr unwahrscheinlich) bis 10 (sehr wahrscheinlich), mit einem Klick:\n{{surveyUrl}}",
  },
  en: {
    html: `${scoreRow()}<br><span style="font-size:12px;color:#666">0 = not at all likely, 10 = extremely likely</span>`,
    text: "Your answer from 0 (not at all likely) to 10 (extremely likely), in one click:\n{{surveyUrl}}",
  },
};

/** Eleven links, one per score; the literal `&amp;` is the HTML form of the query's `&`. */
function scoreRow(): string {
  const cell =
    "display:inline-block;min-width:1.6em;padding:6px 4px;margin:2px;border:1px solid #ccc;" +
    "border-radius:4px;text-align:center;text-decoration:none;color:#222";
  return Array.from(
    { length: 11 },
    (_, score) => `<a href="{{surveyUrl}}&amp;score=${score}" style="${cell}">${score}</a>`,
  ).join("");
}

export const satisfactionSurvey: CampaignInput = {
  id: "satisfaction-survey",
  name: "Satisfaction survey (NPS)",
  description:
    "14 days after an order, at 10:00: one question, would you recommend us? Links 0-10 to a signed answer page.",
  priority: "lifecycle",
  trigger: { event: "order.placed", correlate: "event.data.orderId" },
  wait: { kind: "local-time", after: "P14D", at: "10:00" },
  exits: [{ kind: "event", event: "order.refunded", sameKey: true }],
  reentry: { kind: "cooldown", duration: "P90D" },
  maxDeferral: "P3D",
  holdout: 0,
  templates: {
    de: letter("de", "Eine kurze Frage zu Ihrer Bestellung", [
      "vor zwei Wochen haben Sie bei uns bestellt{{#orderId}} (Nr. {{orderId}}){{/orderId}}. Wir haben nur eine Frage an Sie:",
      "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?",
      scoreLinks.de,
      "Das dauert keine Minute, und jede Antwort wird bei uns gelesen. Danke!",
    ]),
    en: letter("en", "One quick question about your order", [
      "Two weeks ago you ordered from us{{#orderId}} (no. {{orderId}}){{/orderId}}. We have just one question:",
      "How likely is it that you would recommend us to a friend or colleague?",
      scoreLinks.en,
      "It takes less than a minute, and we read every answer. Thank you!",
    ]),
  },
};

const answered = (where: { op: "gte" | "lte"; value: number }) => ({
  event: "survey.answered" as const,
  where: [{ path: "event.data.score", ...where }],
  correlate: "event.data.surveyId",
});

export const surveyPromoter: CampaignInput = {
  id: "survey-promoter",
  name: "Survey follow-up: promoters",
  description:
    "A survey answer of 9 or 10: thanks, an invitation to review the shop and a personal referral code for friends.",
  priority: "lifecycle",
  trigger: answered({ op: "gte", value: 9 }),
  wait: { kind: "delay", duration: "PT5M" },
  reentry: { kind: "once-per-key" },
  maxDeferral: "P3D",
  templates: {
    de: letter("de", "Danke, dass Sie uns weiterempfehlen!", [
      "herzlichen Dank für Ihre Antwort. Es freut uns sehr, dass Sie uns weiterempfehlen würden.",
      {
        html: `Wenn Sie zwei Minuten haben: Eine kurze Bewertung hilft anderen bei der Entscheidung, und uns sehr. <a href="${REVIEW_URL}">Jetzt bewerten</a>`,
        text: `Wenn Sie zwei Minuten haben: Eine kurze Bewertung hilft anderen bei der Entscheidung, und uns sehr. Jetzt bewerten: ${REVIEW_URL}`,
      },
      `Und wenn Sie uns Freunden empfehlen: Geben Sie ihnen Ihren persönlichen Code {{referralCode}}. Lösen Ihre Freunde ihn bei ihrer ersten Bestellung ein, erhalten Sie beide einen Gutschein über ${REFERRAL_REWARD_TEXT.de}.`,
    ]),
    en: letter("en", "Thank you for recommending us!", [
      "Thank you very much for your answer. We are delighted that you would recommend us.",
      {
        html: `If you have two minutes: a short review helps others decide, and helps us a lot. <a href="${REVIEW_URL}">Write a review</a>`,
        text: `If you have two minutes: a short review helps others decide, and helps us a lot. Write a review: ${REVIEW_URL}`,
      },
      `And if you recommend us to friends, give them your personal code {{referralCode}}. When they use it on their first order, you both get a ${REFERRAL_REWARD_TEXT.en} voucher.`,
    ]),
  },
};

export const surveyDetractor: CampaignInput = {
  id: "survey-detractor",
  name: "Survey follow-up: detractors",
  description:
    "A survey answer of 0 to 6: an apology and a direct line to a person; customer.detractor goes to the service team.",
  priority: "service",
  trigger: answered({ op: "lte", value: 6 }),
  wait: { kind: "delay", duration: "PT5M" },
  reentry: { kind: "once-per-key" },
  maxDeferral: "P1D",
  holdout: 0,
  templates: {
    de: letter("de", "Das tut uns leid", [
      "vielen Dank für Ihre ehrliche Antwort. Es tut uns leid, dass wir Sie{{#orderId}} mit Ihrer Bestellung {{orderId}}{{/orderId}} nicht überzeugen konnten.",
      "Wir möchten es besser machen. Antworten Sie einfach auf diese E-Mail und schreiben Sie uns, was nicht gepasst hat: Unser Kundenservice meldet sich persönlich bei Ihnen.",
    ]),
    en: letter("en", "We are sorry", [
      "Thank you for your honest answer. We are sorry we did not live up to your expectations{{#orderId}} with your order {{orderId}}{{/orderId}}.",
      "We want to do better. Just reply to this email and tell us what went wrong: our customer service will get back to you personally.",
    ]),
  },
};

export const SURVEY_CAMPAIGNS: CampaignInput[] = [satisfactionSurvey, surveyPromoter, surveyDetractor];
