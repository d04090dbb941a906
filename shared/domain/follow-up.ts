import { createHash } from "node:crypto";
import type { CanonicalEvent } from "../events/catalog";

/**
 * Follow-ups: events that only answer a message we sent to a customer on file. SES's delivery,
 * open and click reports (and every other `message.*` event), the clicks on our signed
 * unsubscribe and confirmation links, and the answers through our survey links (with the
 * `customer.detractor` derived from one). They may arrive days later, after the customer was erased;
 * then they concern nobody we know and must not write anything that names the person again (a
 * profile shell, a journey, a tombstone, a consent-ledger entry). So a follow-up changes an
 * existing profile or nothing: the profile writer makes the existence of the profile a condition
 * of its write, and the campaign tracker does nothing for a customer without one.
 *
 * Everything else a shop sends may create a profile: a re-import after an erase is a new customer
 * (whose address the suppression list still keeps from marketing mail).
 */

/** The links whose clicks become consent events; their ids and sources mark them as follow-ups. */
export const LINK_EVENTS = {
  unsubscribe: { prefix: "unsubscribe:", source: "unsubscribe-link" },
  confirm: { prefix: "confirm:", source: "double-opt-in" },
} as const;

/** The event id of a link click: one per token, so a double click or a retry counts once. */
export function linkEventId(link: keyof typeof LINK_EVENTS, token: string): string {
  return `${LINK_EVENTS[link].prefix}${hash(token)}`;
}

/**
 * The answers through our signed survey link (functions/answer-survey) and the detractor event
 * functions/follow-up-surveys derives from one (it copies the answer's data, `source` included).
 */
export const SURVEY_LINK = {
  prefix: "survey:",
  detractorPrefix: "detractor:",
  source: "survey-link",
} as const;

/** The event id of an answer through a survey link: one per customer and survey, so the first answer counts once. */
export function surveyAnswerEventId(shop: string, customerKey: string, surveyId: string): string {
  return `${SURVEY_LINK.prefix}${hash(`${shop}|${customerKey}|${surveyId}`)}`;
}

/** The detractor event derived from an answer: one per answer, so a redelivered answer counts once. */
export function detractorEventId(answerEventId: string): string {
  return `${SURVEY_LINK.detractorPrefix}${hash(answerEventId)}`;
}

export function isFollowUp(event: CanonicalEvent): boolean {
  if (event.type.startsWith("message.")) return true;
  if (event.type === "survey.answered" || event.type === "customer.detractor") {
    // Both marks, as for the links below: a shop's own survey tool is not held back.
    const prefix = event.type === "survey.answered" ? SURVEY_LINK.prefix : SURVEY_LINK.detractorPrefix;
    return event.id.startsWith(prefix) && event.data.source === SURVEY_LINK.source;
  }
  if (event.type !== "consent.granted" && event.type !== "consent.revoked") return false;
  // Both marks: a shop's own consent event with one of these sources or ids is not held back.
  return Object.values(LINK_EVENTS).some(
    (link) => event.id.startsWith(link.prefix) && event.data.source === link.source,
  );
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
