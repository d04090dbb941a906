import type { CampaignInput } from "../campaigns/definition";

/** How long a confirmation link works; an unconfirmed request stays `pending` (never consent) after it. */
export const CONFIRM_LINK_SECONDS = 7 * 24 * 3600;

const hello = {
  de: "{{#firstName}}Hallo {{firstName}}{{/firstName}}{{^firstName}}Hallo{{/firstName}}",
  en: "{{#firstName}}Hi {{firstName}}{{/firstName}}{{^firstName}}Hi there{{/firstName}}",
};

/**
 * Double opt-in (UWG §7, GDPR Art. 7): a `consent.granted` without `confirmedAt` (a newsletter
 * checkbox, Shopify's single opt-in) leaves consent `pending` and sends this mail at once. Its
 * signed link (`{{confirmUrl}}`, purpose "confirm", 7 days) leads to `/confirm`, whose button
 * publishes the confirmed `consent.granted`. Transactional: the person asked for it, so it needs no
 * consent, ignores quiet hours and the contact budget, but still never goes to a suppressed
 * address. One instance per request event; the cooldown keeps a form that is submitted again and
 * again (or abused to flood someone's inbox) to one mail a day; the first link stays valid.
 * A shop that ran its own double opt-in sends `confirmedAt`, and this campaign does not fire.
 */
export const doubleOptIn: CampaignInput = {
  id: "double-opt-in",
  name: "Double opt-in confirmation",
  description:
    "A newsletter sign-up without proof of confirmation: at once, a mail with a signed 7-day link that confirms it.",
  priority: "transactional",
  trigger: {
    event: "consent.granted",
    where: [{ path: "event.data.confirmedAt", op: "missing" }],
    correlate: "event.id",
  },
  wait: { kind: "none" },
  exits: [],
  reentry: { kind: "cooldown", duration: "P1D" },
  templates: {
    de: {
      subject: "Bitte bestätigen Sie Ihre Newsletter-Anmeldung",
      html: `<p>${hello.de},</p><p>Sie haben sich für unseren Newsletter angemeldet. Bitte bestätigen Sie die Anmeldung mit einem Klick:</p><p><a class="button" href="{{confirmUrl}}">Anmeldung bestätigen</a></p><p>Der Link gilt 7 Tage. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung erhalten Sie keinen Newsletter.</p>`,
      text: `${hello.de},\n\nSie haben sich für unseren Newsletter angemeldet. Bitte bestätigen Sie die Anmeldung:\n{{confirmUrl}}\n\nDer Link gilt 7 Tage. Wenn Sie sich nicht angemeldet haben, ignorieren Sie diese E-Mail einfach: Ohne Bestätigung erhalten Sie keinen Newsletter.`,
    },
    en: {
      subject: "Please confirm your newsletter subscription",
      html: `<p>${hello.en},</p><p>You signed up for our newsletter. Please confirm with one click:</p><p><a class="button" href="{{confirmUrl}}">Confirm subscription</a></p><p>The link is valid for 7 days. If you did not sign up, simply ignore this email: without confirmation you will not receive the newsletter.</p>`,
      text: `${hello.en},\n\nYou signed up for our newsletter. Please confirm:\n{{confirmUrl}}\n\nThe link is valid for 7 days. If you did not sign up, simply ignore this email: without confirmation you will not receive the newsletter.`,
    },
  },
};
