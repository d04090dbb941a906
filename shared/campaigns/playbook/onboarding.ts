import type { CampaignInput } from "../definition";
import { letter } from "./copy";

/**
 * 3. Onboarding tips for the categories of the first order: up to three mails over three weeks.
 * The first goes 4 days after the order; each next tip is triggered by the customer opening the
 * previous one and goes about a week after that open (at 10:00 their time), so an engaged customer
 * gets tips on about days 4, 11 and 18, and one who does not open stops getting tips. Opens are
 * SES's `message.opened`, carrying the campaign id; repeated opens of one mail are one trigger
 * ("once-ever"). A click without a recorded open (images blocked) does not continue the series.
 */

const tips = [
  {
    after: "P4D",
    subject: { de: "Tipp 1 von 3: Gut starten", en: "Tip 1 of 3: A good start" },
    de: [
      "Ihre Bestellung ist nun ein paar Tage bei Ihnen. Zeit für den ersten von drei kurzen Tipps{{#categories}} rund um {{categories}}{{/categories}}.",
      "Die meisten Fragen, die uns erreichen, beantwortet die Anleitung in den ersten fünf Minuten. Legen Sie sie griffbereit ab und registrieren Sie, wo möglich, Ihr Produkt beim Hersteller: So sind Garantie und Updates gesichert.",
    ],
    en: [
      "Your order has been with you for a few days now. Time for the first of three short tips{{#categories}} about your {{categories}}{{/categories}}.",
      "Most questions we receive are answered in the first five minutes of the instructions. Keep them handy and, where you can, register your product with its maker: that secures the warranty and updates.",
    ],
  },
  {
    after: "P6D",
    subject: { de: "Tipp 2 von 3: Damit es lange hält", en: "Tip 2 of 3: Make it last" },
    de: [
      "schön, dass Ihnen unser erster Tipp gefallen hat. Heute geht es um Pflege{{#categories}} für {{categories}}{{/categories}}.",
      "Ein paar Minuten im Monat genügen: sauber halten, trocken lagern und Verschleißteile rechtzeitig tauschen. Das verlängert die Lebensdauer oft um Jahre.",
    ],
    en: [
      "We are glad you liked our first tip. Today is about care{{#categories}} for your {{categories}}{{/categories}}.",
      "A few minutes a month are enough: keep it clean, store it dry and replace worn parts in time. That often adds years to its life.",
    ],
  },
  {
    after: "P6D",
    subject: { de: "Tipp 3 von 3: Mehr herausholen", en: "Tip 3 of 3: Get more out of it" },
    de: [
      "zum Schluss unserer kleinen Reihe ein Tipp für Fortgeschrittene{{#categories}} rund um {{categories}}{{/categories}}.",
      "Probieren Sie die Funktionen und Einstellungen aus, die man beim ersten Mal überspringt. Und wenn Sie eine Frage haben, die keine Anleitung beantwortet: Antworten Sie einfach auf diese E-Mail.",
    ],
    en: [
      "To end our little series, a tip for the next level{{#categories}} with your {{categories}}{{/categories}}.",
      "Try the features and settings everyone skips the first time. And if you have a question no manual answers, just reply to this email.",
    ],
  },
];

export const ONBOARDING_TIP_IDS = tips.map((_, i) => `onboarding-tips-${i + 1}`);

export const onboardingTips: CampaignInput[] = tips.map((tip, i) => ({
  id: `onboarding-tips-${i + 1}`,
  name: `Onboarding tip ${i + 1} of ${tips.length}`,
  description:
    i === 0
      ? "4 days after the first order: the first of three tips for the categories bought."
      : `About a week after the customer opened tip ${i}: the next tip; no open, no more tips.`,
  priority: "lifecycle" as const,
  trigger:
    i === 0
      ? {
          event: "order.placed" as const,
          where: [
            { path: "profile.orderCount", op: "eq" as const, value: 1 },
            { path: "profile.categories", op: "not-empty" as const },
          ],
        }
      : {
          event: "message.opened" as const,
          where: [{ path: "event.data.campaignId", op: "eq" as const, value: `onboarding-tips-${i}` }],
        },
  wait: { kind: "local-time" as const, after: tip.after, at: "10:00" },
  reentry: { kind: "once-ever" as const },
  maxDeferral: "P2D",
  templates: {
    de: letter("de", tip.subject.de, tip.de),
    en: letter("en", tip.subject.en, tip.en),
  },
}));
