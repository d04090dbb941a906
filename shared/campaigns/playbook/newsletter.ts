import type { CampaignInput } from "../definition";
import { letter } from "./copy";

/**
 * 7. Newsletter engagement. A newsletter is a campaign like any other: the shop (or a script)
 * sends one `newsletter.published` event per subscriber with the issue's `newsletterId`, and the
 * issue's words are the `newsletter` templates below (placeholder copy: replace it, then switch the
 * campaign on; it is off by default). Every sent newsletter starts a `newsletter-resend` keyed by
 * that message's instance: opened or clicked within 7 days ends it, otherwise the same issue goes
 * once more with another subject line, and the re-send itself never starts another.
 * Not built: interest tags on the profile from opens (the profile has no engagement facts yet).
 */

const issue = {
  de: [
    "hier sind unsere Neuigkeiten: was neu im Sortiment ist, was gerade Saison hat und ein Blick hinter die Kulissen.",
    "{{#recommendedCategory}}Für Sie besonders interessant: Neues in {{recommendedCategory}}.{{/recommendedCategory}}",
  ],
  en: [
    "Here is our news: what is new in the range, what is in season and a look behind the scenes.",
    "{{#recommendedCategory}}Especially for you: what is new in {{recommendedCategory}}.{{/recommendedCategory}}",
  ],
};

export const newsletter: CampaignInput = {
  id: "newsletter",
  name: "Newsletter",
  description:
    "An issue (newsletter.published per subscriber, keyed by newsletterId) at 10:00 the subscriber's time. Off until the shop writes its issue.",
  enabled: false,
  priority: "promotional",
  trigger: { event: "newsletter.published", correlate: "event.data.newsletterId" },
  wait: { kind: "local-time", after: "PT0S", at: "10:00" },
  reentry: { kind: "once-per-key" },
  maxDeferral: "P2D",
  templates: {
    de: letter("de", "Neues aus unserem Shop", issue.de),
    en: letter("en", "News from our shop", issue.en),
  },
};

const engaged = (event: "message.opened" | "message.clicked") => ({
  kind: "event" as const,
  event,
  where: [{ path: "event.data.campaignId", op: "eq" as const, value: "newsletter" }],
  sameKey: true,
});

export const newsletterResend: CampaignInput = {
  id: "newsletter-resend",
  name: "Newsletter re-send",
  description:
    "A newsletter not opened or clicked within 7 days: the same issue once more with another subject line, then stop.",
  priority: "promotional",
  trigger: {
    event: "message.sent",
    where: [{ path: "event.data.campaignId", op: "eq", value: "newsletter" }],
    correlate: "event.data.instanceId",
  },
  wait: { kind: "delay", duration: "P7D" },
  exits: [engaged("message.opened"), engaged("message.clicked")],
  reentry: { kind: "once-per-key" },
  maxDeferral: "P2D",
  templates: {
    de: letter("de", "Schon gesehen? Unsere Neuigkeiten", issue.de),
    en: letter("en", "In case you missed it: our news", issue.en),
  },
};
