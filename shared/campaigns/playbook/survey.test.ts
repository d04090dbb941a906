import { describe, expect, it } from "vitest";
import { customerKeyOf } from "../../domain/identity";
import { foldEvent } from "../../domain/profile";
import { viewProfile } from "../../domain/profile-view";
import { EXAMPLE_SETTINGS } from "../../email/brand";
import type { CanonicalEvent } from "../../events/catalog";
import { instanceId, type JourneyInstance } from "../../persistence/journey-store";
import { verifyToken } from "../../security/tokens";
import { SURVEY_LINK_SECONDS, surveyLinkBuilder, surveyOfClaims } from "../../surveys/survey-link";
import { loadCampaigns } from "../catalog";
import { composeMail } from "../compose";
import { allMatch } from "../conditions";
import { renderCampaign, TEMPLATE_VARIABLES } from "../render";
import { REFERRAL_REWARD, REFERRAL_REWARD_TEXT, REVIEW_URL, referralReward } from "./survey-settings";

const campaigns = loadCampaigns();
const byId = (id: string) => campaigns.find((c) => c.id === id)!;
const empty = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, undefined]));
const vars = {
  ...empty,
  unsubscribeUrl: "https://u.example/x",
  surveyUrl: "https://api.example/survey?token=T.K",
  referralCode: "REF-7K3M9Q2X",
  orderId: "o-1",
};

describe("the satisfaction survey mail", () => {
  it("has eleven links 0-10 on the one signed link, and the plain link in the text part", async () => {
    for (const locale of ["de", "en"]) {
      const mail = await composeMail(byId("satisfaction-survey"), vars, {
        ...EXAMPLE_SETTINGS,
        customerLocale: locale,
      });
      const links = [
        ...mail.html.matchAll(/href="https:\/\/api\.example\/survey\?token=T\.K&amp;score=(\d+)"/g),
      ];

      expect(links.map((m) => Number(m[1]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(mail.text).toContain("https://api.example/survey?token=T.K");
      expect(mail.text).toContain("https://u.example/x");
    }
  });

  it("asks in the customer's language", () => {
    expect(renderCampaign(byId("satisfaction-survey"), "de-DE", vars).text).toContain(
      "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?",
    );
    expect(renderCampaign(byId("satisfaction-survey"), "en-US", vars).subject).toBe(
      "One quick question about your order",
    );
  });

  it("is marketing with consent and budget, never about a refunded order, every 90 days at most", () => {
    expect(byId("satisfaction-survey")).toMatchObject({
      priority: "lifecycle",
      holdout: 0,
      trigger: { event: "order.placed", correlate: "event.data.orderId" },
      wait: { kind: "local-time", after: "P14D", at: "10:00" },
      exits: [{ kind: "event", event: "order.refunded", sameKey: true }],
      reentry: { kind: "cooldown", duration: "P90D" },
    });
  });
});

describe("the follow-ups", () => {
  it("thank promoters with the review link and their referral code", () => {
    const de = renderCampaign(byId("survey-promoter"), "de", vars);
    const en = renderCampaign(byId("survey-promoter"), "en", vars);

    expect(de.text).toContain(`Jetzt bewerten: ${REVIEW_URL}`);
    expect(de.html).toContain(`<a href="${REVIEW_URL}">Jetzt bewerten</a>`);
    expect(de.text).toContain(`Ihren persönlichen Code REF-7K3M9Q2X`);
    expect(de.text).toContain(REFERRAL_REWARD_TEXT.de);
    expect(en.text).toContain("your personal code REF-7K3M9Q2X");
  });

  it("apologise to detractors as service mail without an offer, and with no control group", () => {
    const detractor = byId("survey-detractor");
    const copy = JSON.stringify(detractor.templates);

    expect(detractor).toMatchObject({ priority: "service", holdout: 0 });
    for (const selling of ["referralCode", "couponCode", "crossSellCategory", "Gutschein", "voucher"])
      expect(copy).not.toContain(selling);
    expect(renderCampaign(detractor, "de", vars).text).toContain("mit Ihrer Bestellung o-1 nicht überzeugen");
  });

  it("split the answers: 9-10 promoters, 0-6 detractors, 7-8 neither, once per survey", () => {
    const fires = (id: string, score: number) =>
      allMatch(byId(id).trigger.where, { event: { data: { score } }, profile: {} });
    for (const id of ["survey-promoter", "survey-detractor"]) {
      expect(byId(id).trigger).toMatchObject({ event: "survey.answered", correlate: "event.data.surveyId" });
      expect(byId(id).reentry).toEqual({ kind: "once-per-key" });
    }
    expect(
      [0, 6, 7, 8, 9, 10].map((s) => [fires("survey-promoter", s), fires("survey-detractor", s)]),
    ).toEqual([
      [false, true],
      [false, true],
      [false, false],
      [false, false],
      [true, false],
      [true, false],
    ]);
  });
});

describe("the survey link", () => {
  const instance = {
    shop: "default",
    customerKey: customerKeyOf({ email: "berta@example.com" }),
    campaignId: "satisfaction-survey",
    key: "o-1",
    trigger: { type: "order.placed", data: { orderId: "o-1" } },
  } as unknown as JourneyInstance;
  const now = new Date("2026-11-16T09:00:00.000Z");

  it("binds shop, customer (a guest by address), survey and order, and expires after 30 days", () => {
    const url = surveyLinkBuilder("https://api.example", "key")(instance, "berta@example.com", now);
    const token = new URL(url).searchParams.get("token");
    const check = verifyToken(token, "key", { purpose: "survey", now });
    if (!check.ok) throw new Error(check.reason);

    expect(url.startsWith("https://api.example/survey?token=")).toBe(true);
    expect(surveyOfClaims(check.claims)).toEqual({
      shop: "default",
      customerKey: instance.customerKey,
      customer: { email: "berta@example.com" },
      surveyId: instanceId(instance),
      orderId: "o-1",
      exp: now.getTime() / 1000 + SURVEY_LINK_SECONDS,
    });
    const later = new Date(now.getTime() + SURVEY_LINK_SECONDS * 1000);
    expect(verifyToken(token, "key", { purpose: "survey", now: later })).toEqual({
      ok: false,
      reason: "expired",
    });
  });
});

describe("the profile's survey score", () => {
  const answered = (id: string, at: string, score: number): CanonicalEvent => ({
    id,
    shop: "default",
    type: "survey.answered",
    occurredAt: at,
    customer: { id: "c-1" },
    data: { surveyId: `s-${id}`, score },
  });

  it("keeps the latest answer by time, whatever order the answers arrive in", () => {
    const newer = answered("b", "2026-11-20T10:00:00.000Z", 4);
    const older = answered("a", "2026-08-01T10:00:00.000Z", 10);
    for (const events of [
      [older, newer],
      [newer, older, newer],
    ]) {
      let state = foldEvent(undefined, events[0]!).state;
      for (const e of events.slice(1)) state = foldEvent(state, e).state;

      expect(viewProfile(state).survey).toEqual({
        lastScore: 4,
        group: "detractor",
        answeredAt: "2026-11-20T10:00:00.000Z",
        surveyId: "s-b",
      });
    }
    expect(
      viewProfile(foldEvent(undefined, { ...older, type: "customer.updated", data: {} }).state).survey,
    ).toBeNull();
  });
});

describe("the referral reward", () => {
  it("is paid in the order's currency where set, else in EUR", () => {
    expect(referralReward("CHF")).toEqual({ amount: REFERRAL_REWARD.CHF, currency: "CHF" });
    expect(referralReward("SEK")).toEqual({ amount: REFERRAL_REWARD.EUR, currency: "EUR" });
  });
});
