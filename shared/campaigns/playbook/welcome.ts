import type { CampaignInput } from "../definition";
import { WELCOME_BENEFIT } from "./config";
import { letter } from "./copy";

/**
 * 1. Welcome, once the subscription is confirmed (consent "granted" needs `confirmedAt`; a single
 * opt-in stays pending and gets no welcome until confirmed).
 *
 * Priority "lifecycle", not "service": the welcome is marketing (it confirms a benefit such as a
 * coupon) and so it counts against the contact budget like any other marketing mail. It is never
 * held back by it: consent was only just confirmed, so no counted mail can have gone out before
 * it (and "once-ever" keeps a later re-subscription from welcoming twice). What counting changes
 * is what follows: another lifecycle mail due the same day waits for tomorrow instead of landing
 * beside the welcome. Five minutes of wait (not "none") let the profile record the consent first
 * and put the send on the dispatch clock, where quiet hours apply: a 23:00 sign-up is welcomed at 08:00.
 */
export const welcome: CampaignInput = {
  id: "welcome",
  name: "Welcome",
  description:
    "A confirmed newsletter sign-up: a welcome that confirms the benefit promised at sign-up, no hard sell.",
  priority: "lifecycle",
  trigger: {
    event: "consent.granted",
    where: [{ path: "event.data.confirmedAt", op: "exists" }],
  },
  wait: { kind: "delay", duration: "PT5M" },
  reentry: { kind: "once-ever" },
  maxDeferral: "P1D",
  templates: {
    de: letter("de", "Willkommen! Schön, dass Sie dabei sind", [
      "vielen Dank für Ihre Anmeldung. Ihre E-Mail-Adresse ist bestätigt, und wie versprochen gilt ab jetzt:",
      WELCOME_BENEFIT.de,
      "Wir schreiben Ihnen nur, wenn wir etwas zu sagen haben. Haben Sie eine Frage? Antworten Sie einfach auf diese E-Mail, hier liest ein Mensch mit.",
    ]),
    en: letter("en", "Welcome! We are glad you are here", [
      "Thank you for signing up. Your email address is confirmed and, as promised, from now on:",
      WELCOME_BENEFIT.en,
      "We only write when we have something worth saying. Any questions? Just reply to this email, a real person reads it.",
    ]),
  },
};
