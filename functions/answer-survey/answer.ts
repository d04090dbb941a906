import { SURVEY_LINK, surveyAnswerEventId } from "../../shared/domain/follow-up";
import { CanonicalEvent } from "../../shared/events/catalog";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { pickLanguage } from "../../shared/http/pages";
import type { HttpResult } from "../../shared/http/responses";
import { type EventBus, toBusEvent } from "../../shared/messaging/event-bus";
import type { SurveyAnswer, SurveyAnswers } from "../../shared/persistence/survey-store";
import { verifyToken } from "../../shared/security/tokens";
import { type SurveyOfToken, surveyOfClaims } from "../../shared/surveys/survey-link";
import { closedPage, formPage, invalidPage, thanksPage } from "./pages";

export interface SurveyRequest {
  method: "GET" | "POST";
  query: Record<string, string | undefined>;
  /** The form body (`score=7`); read on POST only. */
  body: string;
  now: Date;
  acceptLanguage?: string | undefined;
}

/** Ids, reasons and the score only: a guest's token carries the address, so neither token nor query is reported. */
export interface SurveyOutcome {
  outcome: "form" | "answered" | "already-answered" | "closed" | "refused";
  reason?: string;
  shop?: string;
  customerKey?: string;
  surveyId?: string;
  score?: number;
}

export interface SurveyDeps {
  tokenKey: string;
  answers: SurveyAnswers;
  bus: EventBus;
  onOutcome?: (outcome: SurveyOutcome) => void;
}

/** A form body is one short field; anything larger is not ours to parse. */
const MAX_FORM_BYTES = 8 * 1024;
/** The stored answer outlives its link by a day, then DynamoDB's TTL removes it (the profile keeps the score). */
const KEEP_AFTER_LINK_SECONDS = 24 * 3600;

/**
 * GET|POST /survey?token=...&score=N. GET shows the question with the score from the link chosen
 * and a send button, and records nothing: mail scanners fetch every link in a message, and the
 * first answer counts. POST records the answer: one conditional write keeps the first answer per
 * survey (of a customer on file, see below), then `survey.answered` goes on the bus with an id and time taken from that first answer,
 * so a double click, a changed mind or a retry after a failed publish is the same event and counts
 * once. A tampered or expired token, or a token that names no survey, gets a 400 page and changes
 * nothing; so does a POST without a score from 0 to 10.
 * The survey is open only while the customer is on file: for a person without a profile (erased
 * since the mail was sent; the link stays valid 30 days) every request gets a 410 page saying the
 * survey is closed, and the answer's write is one transaction with the check that the profile
 * exists, so an erase landing between the page and the send writes nothing either. The event is
 * marked as our link's (id and `source`), a follow-up: should the erase land after the write, it
 * changes no profile and starts no journey.
 */
export async function answerSurvey(request: SurveyRequest, deps: SurveyDeps): Promise<HttpResult> {
  const language = pickLanguage(request.acceptLanguage);
  const report = deps.onOutcome ?? (() => {});
  const token = request.query.token;
  const check = verifyToken(token, deps.tokenKey, { purpose: "survey", now: request.now });
  if (!check.ok || token === undefined) {
    report({ outcome: "refused", reason: check.ok ? "malformed" : check.reason });
    return invalidPage(language);
  }
  const survey = surveyOfClaims(check.claims);
  const ids = { shop: check.claims.shop, customerKey: check.claims.customerKey };
  if (!survey) {
    report({ outcome: "refused", reason: "unbound-survey", ...ids });
    return invalidPage(language);
  }
  const score = parseScore(request.method === "POST" ? formScore(request.body) : request.query.score);
  const answer: SurveyAnswer = {
    shop: survey.shop,
    customerKey: survey.customerKey,
    surveyId: survey.surveyId,
    ...(survey.orderId !== undefined ? { orderId: survey.orderId } : {}),
    score: score ?? 0,
    answeredAt: request.now.toISOString(),
  };
  // Checked before the form is shown or anything is written: a signed token that makes no valid
  // event (a shop id the catalog refuses) is our bug, and no answer to it could ever be published.
  if (!answeredEvent(answer, survey)) {
    report({ outcome: "refused", reason: "invalid-event", ...ids, surveyId: survey.surveyId });
    return invalidPage(language);
  }
  const closed = () => {
    report({ outcome: "closed", ...ids, surveyId: survey.surveyId });
    return closedPage(language);
  };
  if (request.method === "GET" || score === undefined) {
    // No form for a person who is not on file: sending it could only be refused.
    if (!(await deps.answers.customerOnFile(survey.shop, survey.customerKey))) return closed();
    if (request.method === "GET") {
      report({ outcome: "form", ...ids, surveyId: survey.surveyId });
      return formPage(language, token, score);
    }
    report({ outcome: "refused", reason: "no-score", ...ids, surveyId: survey.surveyId });
    return formPage(language, token, undefined, 400);
  }

  const stored = await deps.answers.record(answer, survey.exp + KEEP_AFTER_LINK_SECONDS);
  if (stored.status === "closed") return closed();
  const recorded = stored.status === "recorded";
  const first = recorded ? answer : stored.first;
  const event = answeredEvent(first, survey);
  if (!event) throw new Error(`stored answer to survey ${survey.surveyId} makes no valid event`);
  await deps.bus.publish([toBusEvent(event, EVENT_SOURCE)]);
  report({
    outcome: recorded ? "answered" : "already-answered",
    ...ids,
    surveyId: survey.surveyId,
    score: first.score,
  });
  return thanksPage(language, first.score, !recorded && first.score !== score);
}

function answeredEvent(answer: SurveyAnswer, survey: SurveyOfToken): CanonicalEvent | undefined {
  const parsed = CanonicalEvent.safeParse({
    id: surveyAnswerEventId(answer.shop, answer.customerKey, answer.surveyId),
    shop: answer.shop,
    type: "survey.answered",
    occurredAt: answer.answeredAt,
    customer: survey.customer,
    data: {
      surveyId: answer.surveyId,
      score: answer.score,
      ...(answer.orderId !== undefined ? { orderId: answer.orderId } : {}),
      source: SURVEY_LINK.source,
    },
  });
  return parsed.success ? parsed.data : undefined;
}

function formScore(body: string): string | undefined {
  if (Buffer.byteLength(body) > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(body).get("score") ?? undefined;
}

function parseScore(raw: string | undefined): number | undefined {
  return raw !== undefined && /^(10|[0-9])$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}
