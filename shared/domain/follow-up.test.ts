import { describe, expect, it } from "vitest";
import { consentEvent, customerEvent, orderPlaced } from "../../test/support/builders";
import type { CanonicalEvent } from "../events/catalog";
import { isFollowUp, LINK_EVENTS, linkEventId, SURVEY_LINK, surveyAnswerEventId } from "./follow-up";

const surveyEvent = (
  type: "survey.answered" | "customer.detractor",
  id: string,
  source: string | undefined,
): CanonicalEvent =>
  ({
    id,
    shop: "default",
    type,
    occurredAt: "2026-11-16T09:30:00.000Z",
    customer: { id: "c-42" },
    data: { surveyId: "s-1", score: 3, ...(source === undefined ? {} : { source }) },
  }) as CanonicalEvent;

const withSource = (event: CanonicalEvent, id: string, source: string) =>
  ({ ...event, id, data: { ...event.data, source } }) as CanonicalEvent;

describe("follow-ups (events that may only change a customer on file)", () => {
  it("are every message event, from SES reports to our own sends", () => {
    for (const type of ["message.delivered", "message.opened", "message.clicked", "message.sent"] as const) {
      const event = {
        id: `ses:m-1:${type}`,
        shop: "default",
        type,
        occurredAt: "2026-11-02T10:00:00.000Z",
        customer: { id: "c-42" },
        data: { messageId: "m-1" },
      } as CanonicalEvent;
      expect(isFollowUp(event), type).toBe(true);
    }
  });

  it("are the clicks on our unsubscribe and confirmation links, marked by both id and source", () => {
    const revoked = consentEvent("consent.revoked", {});
    const granted = consentEvent("consent.granted", { confirmedAt: "2026-11-01T08:05:00.000Z" });
    const unsubscribe = linkEventId("unsubscribe", "token-1");
    const confirm = linkEventId("confirm", "token-2");

    expect(unsubscribe).toMatch(/^unsubscribe:[0-9a-f]{32}$/);
    expect(linkEventId("unsubscribe", "token-1")).toBe(unsubscribe);
    expect(isFollowUp(withSource(revoked, unsubscribe, LINK_EVENTS.unsubscribe.source))).toBe(true);
    expect(isFollowUp(withSource(granted, confirm, LINK_EVENTS.confirm.source))).toBe(true);
  });

  it("are the answers through our survey link and the detractor event derived from one, marked by id and source", () => {
    const id = surveyAnswerEventId("default", "id:c-42", "s-1");
    const answer = surveyEvent("survey.answered", id, SURVEY_LINK.source);

    expect(id).toMatch(/^survey:[0-9a-f]{32}$/);
    expect(surveyAnswerEventId("default", "id:c-42", "s-1")).toBe(id);
    expect(surveyAnswerEventId("default", "id:c-42", "s-2")).not.toBe(id);
    expect(isFollowUp(answer)).toBe(true);
    expect(isFollowUp(surveyEvent("customer.detractor", "detractor:abc", SURVEY_LINK.source))).toBe(true);
  });

  it("are not a shop's own survey answers, even with our prefix or our source", () => {
    const id = surveyAnswerEventId("default", "id:c-42", "s-1");

    expect(isFollowUp(surveyEvent("survey.answered", "typeform-123", SURVEY_LINK.source))).toBe(false);
    expect(isFollowUp(surveyEvent("survey.answered", id, undefined))).toBe(false);
    expect(isFollowUp(surveyEvent("survey.answered", id, "typeform"))).toBe(false);
    expect(isFollowUp(surveyEvent("customer.detractor", "detractor:abc", undefined))).toBe(false);
    // The detractor's prefix on an answer (and the answer's on a detractor event) marks nothing.
    expect(isFollowUp(surveyEvent("survey.answered", "detractor:abc", SURVEY_LINK.source))).toBe(false);
    expect(isFollowUp(surveyEvent("customer.detractor", id, SURVEY_LINK.source))).toBe(false);
  });

  it("are not what a shop sends, even with the same source or a look-alike id: those may create a profile", () => {
    const granted = consentEvent("consent.granted", { confirmedAt: "2026-11-01T08:05:00.000Z" });

    expect(isFollowUp(withSource(granted, "shop-evt-1", LINK_EVENTS.confirm.source))).toBe(false);
    expect(isFollowUp(withSource(granted, linkEventId("confirm", "t"), "checkout-form"))).toBe(false);
    expect(isFollowUp(consentEvent("consent.revoked", {}))).toBe(false);
    expect(isFollowUp(orderPlaced({}))).toBe(false);
    expect(isFollowUp(customerEvent("customer.registered", {}))).toBe(false);
  });
});
