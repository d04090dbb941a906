import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { REVIEW_URL } from "../../shared/campaigns/playbook/survey-settings";
import { startTestHost } from "../support/local-host";
import {
  dispatch,
  expectMarketingMail,
  givenCustomer,
  instancesOf,
  lastDecision,
  mailsOf,
  order,
  type StoryCustomer,
  send,
} from "./playbook-story";
import { answer, open, profileOf, recordBus, scoreLink } from "./survey-story";

let host: LocalHost;
let bus: ReturnType<typeof recordBus>;
beforeAll(async () => {
  host = await startTestHost();
  bus = recordBus(host);
});
afterAll(async () => {
  await host?.stop();
});

describe("satisfaction survey, promoters and referrals", () => {
  let referralCode = "";
  let anna: StoryCustomer;

  it("asks 14 days after the order at 10:00; a 10 thanks the promoter next day with a review link and a code", async () => {
    anna = await givenCustomer(host);
    // Monday 16:00 in Berlin; 14 days on it is 16:00 again, so the next 10:00 is Tuesday's.
    await send(host, [
      order(anna, { orderId: "o-1", at: "2026-03-02T15:00:00.000Z", categories: ["books"] }),
    ]);
    expect(await instancesOf(host, anna, "satisfaction-survey")).toMatchObject([
      { key: "o-1", dueAt: "2026-03-17T09:00:00.000Z" },
    ]);

    await dispatch(host, "2026-03-17T09:01:00.000Z");
    const [survey] = await mailsOf(host, anna, "satisfaction-survey");
    expectMarketingMail(survey, anna, "Eine kurze Frage zu Ihrer Bestellung");
    expect(survey?.body.text).toContain("Hallo Anna");
    expect(survey?.body.text).toContain("vor zwei Wochen haben Sie bei uns bestellt (Nr. o-1)");
    expect(survey?.body.text).toMatch(
      /Ihre Antwort von 0 .* mit einem Klick:\nhttp:\/\/127\.0\.0\.1:\d+\/survey\?token=/,
    );
    const ten = scoreLink(survey, 10);
    expect(ten).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/survey\?token=[^&]+&score=10$/);

    // Opening the link (as a mail scanner would) shows the choice and records nothing.
    const page = await open(ten);
    expect(page.status).toBe(200);
    expect(page.body).toContain('value="10" checked');
    await host.bus.idle();
    expect((await profileOf(host, anna)).survey).toBeNull();

    const thanks = await answer(host, ten, 10, "2026-03-17T09:30:00.000Z");
    expect(thanks.status).toBe(200);
    expect(thanks.body).toContain("Es freut uns sehr, dass Sie uns weiterempfehlen würden.");
    expect((await profileOf(host, anna)).survey).toMatchObject({ lastScore: 10, group: "promoter" });
    expect(bus.of("survey.answered", anna)).toMatchObject([{ data: { score: 10, orderId: "o-1" } }]);

    // The survey used today's contact budget: the thanks waits for tomorrow instead of being dropped.
    await dispatch(host, "2026-03-17T09:36:00.000Z");
    expect(await lastDecision(host, anna, "survey-promoter")).toMatchObject({
      status: "scheduled",
      decision: "deferred",
      reason: "budget",
      until: "2026-03-18T09:01:00.000Z",
    });
    await dispatch(host, "2026-03-18T09:02:00.000Z");
    const [thanksMail] = await mailsOf(host, anna, "survey-promoter");
    expectMarketingMail(thanksMail, anna, "Danke, dass Sie uns weiterempfehlen!");
    expect(thanksMail?.body.text).toContain(`Jetzt bewerten: ${REVIEW_URL}`);
    referralCode = /Ihren persönlichen Code (REF-[0-9A-Z]{8})\./.exec(thanksMail?.body.text ?? "")?.[1] ?? "";
    expect(referralCode).not.toBe("");
    expect(await mailsOf(host, anna, "survey-detractor")).toHaveLength(0);
  });

  it("rewards both when a new customer's first order carries the code, once, and never the owner", async () => {
    const ben = await givenCustomer(host);
    // Typed as people type: lower case, without the hyphen.
    const typed = referralCode.toLowerCase().replace("-", "");
    await send(host, [
      order(ben, { orderId: "b-1", at: "2026-03-19T10:00:00.000Z", coupons: ["WELCOME10", typed] }),
    ]);
    await send(host, [
      order(ben, { orderId: "b-2", at: "2026-03-20T10:00:00.000Z", coupons: [referralCode] }),
    ]);
    await send(host, [
      order(anna, { orderId: "o-2", at: "2026-03-21T10:00:00.000Z", coupons: [referralCode] }),
    ]);

    const rewards = bus.of("referral.rewarded");
    expect(rewards).toHaveLength(1);
    expect(rewards[0]).toMatchObject({
      type: "referral.rewarded",
      customer: { id: anna.id },
      occurredAt: "2026-03-19T10:00:00.000Z",
      data: {
        code: typed,
        orderId: "b-1",
        referee: { id: ben.id },
        coupon: { amount: { amount: "10.00", currency: "EUR" } },
      },
    });
    expect(host.bus.deadLetters).toEqual([]);
  });
});

describe("satisfaction survey, detractors and passives", () => {
  it("apologises to a detractor the same morning and tells the service team; a second answer changes nothing", async () => {
    const cara = await givenCustomer(host);
    // Monday 10:00 in Berlin (CET); 14 days on is 11:00 (CEST), so the next 10:00 is Tuesday's.
    await send(host, [
      order(cara, { orderId: "o-7", at: "2026-03-23T09:00:00.000Z", categories: ["books"] }),
    ]);
    await dispatch(host, "2026-04-07T08:01:00.000Z");
    const [survey] = await mailsOf(host, cara, "satisfaction-survey");
    expectMarketingMail(survey, cara, "Eine kurze Frage zu Ihrer Bestellung");

    const sorry = await answer(host, scoreLink(survey, 3), 3, "2026-04-07T08:30:00.000Z");
    expect(sorry.body).toContain("Es tut uns leid, dass wir Sie nicht überzeugen konnten.");
    expect(bus.of("customer.detractor", cara)).toMatchObject([
      { occurredAt: "2026-04-07T08:30:00.000Z", data: { score: 3, orderId: "o-7" } },
    ]);

    // Service mail: no offer, so the survey's use of the budget this morning does not hold it back.
    await dispatch(host, "2026-04-07T08:36:00.000Z");
    const [apology] = await mailsOf(host, cara, "survey-detractor");
    expectMarketingMail(apology, cara, "Das tut uns leid");
    expect(apology?.body.text).toContain("mit Ihrer Bestellung o-7 nicht überzeugen");
    expect(apology?.body.text).toContain("Antworten Sie einfach auf diese E-Mail");

    // A changed mind (or a forwarded link) later: the first answer stands, and nothing follows twice.
    const again = await answer(host, scoreLink(survey, 10), 10, "2026-04-07T08:40:00.000Z");
    expect(again.status).toBe(200);
    expect(again.body).toContain("Sie haben diese Umfrage bereits beantwortet, mit 3.");
    expect((await profileOf(host, cara)).survey).toMatchObject({ lastScore: 3, group: "detractor" });
    expect(await instancesOf(host, cara, "survey-promoter")).toEqual([]);
    expect(new Set(bus.of("customer.detractor", cara).map((e) => e.id)).size).toBe(1);
  });

  it("asks in English, and a passive gets the thank-you page only", async () => {
    const john = await givenCustomer(host, { locale: "en-US" });
    await send(host, [
      order(john, { orderId: "o-3", at: "2026-04-13T09:00:00.000Z", categories: ["books"] }),
    ]);
    await dispatch(host, "2026-04-28T08:01:00.000Z");
    const [survey] = await mailsOf(host, john, "satisfaction-survey");
    expectMarketingMail(survey, john, "One quick question about your order");
    expect(survey?.body.text).toContain(
      "How likely is it that you would recommend us to a friend or colleague?",
    );

    const page = await answer(host, scoreLink(survey, 8), 8, "2026-04-28T09:00:00.000Z", "en-US,en;q=0.9");
    expect(page.body).toContain("Your answer helps us get better.");
    await dispatch(host, "2026-04-28T09:06:00.000Z");

    expect((await profileOf(host, john)).survey).toMatchObject({ lastScore: 8, group: "passive" });
    expect(await instancesOf(host, john, "survey-promoter")).toEqual([]);
    expect(await instancesOf(host, john, "survey-detractor")).toEqual([]);
    expect(bus.of("customer.detractor", john)).toEqual([]);
  });
});
