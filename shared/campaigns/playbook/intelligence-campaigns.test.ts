import { describe, expect, it } from "vitest";
import { viewProfile } from "../../domain/profile-view";
import { DEFAULT_SWEEP_OPTIONS } from "../../intelligence/jobs/options";
import { loadCampaigns } from "../catalog";
import { allMatch } from "../conditions";
import type { Campaign } from "../definition";
import { durationMs } from "../duration";
import { renderCampaign, templateVars } from "../render";
import { SECOND_ATTEMPT_AFTER } from "./reactivation";

const campaigns = loadCampaigns();
const byId = (id: string) => campaigns.find((c) => c.id === id) as Campaign;
const DAY = 86_400_000;
const days = (duration: string) => durationMs(duration) / DAY;

describe("reactivation", () => {
  const first = byId("reactivation");
  const second = byId("reactivation-reminder");

  it("starts on an at-risk mark only, keyed by the lapse, and ends at the next order", () => {
    const event = (stage: string) => ({ type: "customer.churn-risk", data: { stage } });
    expect(allMatch(first.trigger.where, { event: event("at-risk"), profile: {} })).toBe(true);
    expect(allMatch(first.trigger.where, { event: event("inactive"), profile: {} })).toBe(false);
    expect(first.trigger.correlate).toBe("event.data.lastOrderAt");
    for (const c of [first, second]) expect(c.exits).toEqual([{ kind: "order-since" }]);
  });

  it("tries once more on the first offer's sent message, 30 days on, only while still at risk", () => {
    expect(second.trigger).toMatchObject({
      event: "message.sent",
      where: [{ path: "event.data.campaignId", op: "eq", value: "reactivation" }],
      correlate: "event.data.instanceId",
    });
    expect(second.wait).toMatchObject({ kind: "local-time", after: SECOND_ATTEMPT_AFTER });
    expect(second.audience.stages).toEqual(["at-risk"]);
  });

  it("leaves the customer at risk until the second attempt has gone out, however late the budget lets it", () => {
    // First: the next 10:00 (< 1 day), deferred at most maxDeferral; second: 30 days, the next 10:00, deferred.
    const latestSecondSend =
      1 + days(first.maxDeferral) + days(SECOND_ATTEMPT_AFTER) + 1 + days(second.maxDeferral);
    expect(DEFAULT_SWEEP_OPTIONS.inactiveAfterAtRiskDays).toBeGreaterThan(latestSecondSend);
  });

  it("makes an offer, in German and English, and the reminder says it still holds", () => {
    const profile = viewProfile({ shop: "default", customerKey: "id:c-1", facts: {} });
    const vars = templateVars(
      profile,
      { data: {} },
      // The layout places the product cards at `{{products}}`; the content alone renders it empty.
      { unsubscribeUrl: "https://u.example/x", brandName: "Example Shop", products: "" },
    );
    for (const c of [first, second]) {
      const de = renderCampaign(c, "de-DE", vars);
      const en = renderCampaign(c, "en-GB", vars);
      expect([de.locale, en.locale]).toEqual(["de", "en"]);
      expect(de.text).toContain("WIEDERDA10");
      expect(en.text).toContain("10 % off your next order");
    }
    expect(renderCampaign(second, "de", vars).text).toContain("Es gilt noch");
  });
});

describe("replenishment", () => {
  const c = byId("replenishment");

  it("starts on the next-order notice of a regular customer, once per due date", () => {
    const due = (stage: string) => ({ type: "customer.next-order-due", data: { stage } });
    expect(allMatch(c.trigger.where, { event: due("repeat"), profile: {} })).toBe(true);
    expect(allMatch(c.trigger.where, { event: due("at-risk"), profile: {} })).toBe(false);
    expect(c.trigger.correlate).toBe("event.data.nextOrderDueAt");
    expect(c.reentry.kind).toBe("once-per-key");
  });

  it("needs a category bought again, and names it in the mail", () => {
    const order = (n: number, categories: string[]) => ({
      total: "10.00",
      currency: "EUR",
      at: `2026-0${n}-01T10:00:00.000Z`,
      s: `2026-0${n}-01T10:00:00.000Z|e${n}`,
      categories,
    });
    const facts = { "o:1": order(1, ["coffee", "mugs"]), "o:2": order(2, ["coffee"]) };
    const regular = viewProfile({ shop: "default", customerKey: "id:c-1", facts });
    const once = viewProfile({ shop: "default", customerKey: "id:c-2", facts: { "o:1": order(1, ["tea"]) } });

    expect(allMatch(c.audience.where, { event: {}, profile: regular })).toBe(true);
    expect(allMatch(c.audience.where, { event: {}, profile: once })).toBe(false);
    const vars = templateVars(
      regular,
      { data: {} },
      // The layout places the product cards at `{{products}}`; the content alone renders it empty.
      { unsubscribeUrl: "https://u.example/x", brandName: "Example Shop", products: "" },
    );
    expect(renderCampaign(c, "de", vars).text).toContain("bald wieder Zeit für coffee");
    expect(renderCampaign(c, "en", vars).text).toContain("due for more coffee");
  });

  it("says in its description the lead the sweep uses by default", () => {
    expect(DEFAULT_SWEEP_OPTIONS.dueLeadDays).toBe(3);
    expect(c.description).toContain("3 days ahead");
  });
});
