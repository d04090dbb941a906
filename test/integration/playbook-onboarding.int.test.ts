import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { consentEvent } from "../support/builders";
import { startTestHost } from "../support/local-host";
import {
  dispatch,
  engage,
  expectMarketingMail,
  givenCustomer,
  instancesOf,
  lastDecision,
  mailsOf,
  order,
  type StoryCustomer,
  send,
} from "./playbook-story";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const tipsOf = async (c: StoryCustomer) => [
  ...(await mailsOf(host, c, "onboarding-tips-1")),
  ...(await mailsOf(host, c, "onboarding-tips-2")),
  ...(await mailsOf(host, c, "onboarding-tips-3")),
];

describe("onboarding tips", () => {
  it("sends tip 1 four days after the first order, and tip 2 a week after it was opened; no open, no tip 3", async () => {
    const anna = await givenCustomer(host);
    await send(host, [
      order(anna, { orderId: "o-1", at: "2026-03-02T09:00:00.000Z", categories: ["books"] }),
    ]);
    expect(await instancesOf(host, anna, "onboarding-tips-1")).toMatchObject([
      { dueAt: "2026-03-06T09:00:00.000Z" },
    ]);
    await dispatch(host, "2026-03-06T09:01:00.000Z");
    const [tip1] = await tipsOf(anna);
    expectMarketingMail(tip1, anna, "Tipp 1 von 3: Gut starten");
    expect(tip1?.body.text).toContain("rund um books");

    // Opened twice (two devices): one next tip, a week after the first open, at 10:00 Berlin time.
    await engage(host, anna, "onboarding-tips-1", "2026-03-06T12:00:00.000Z");
    await engage(host, anna, "onboarding-tips-1", "2026-03-06T18:00:00.000Z");
    expect(await instancesOf(host, anna, "onboarding-tips-2")).toMatchObject([
      { dueAt: "2026-03-13T09:00:00.000Z" },
    ]);
    await dispatch(host, "2026-03-13T09:01:00.000Z");
    expect((await tipsOf(anna)).map((m) => m.subject)).toEqual([
      "Tipp 1 von 3: Gut starten",
      "Tipp 2 von 3: Damit es lange hält",
    ]);
    // Tip 2 is never opened: nothing is waiting to send tip 3.
    expect(await instancesOf(host, anna, "onboarding-tips-3")).toHaveLength(0);
  });

  it("sends all three tips, in English, to a customer who opens each", async () => {
    const john = await givenCustomer(host, { locale: "en-GB" });
    await send(host, [
      order(john, { orderId: "o-1", at: "2026-03-13T10:00:00.000Z", categories: ["books"] }),
    ]);
    await dispatch(host, "2026-03-18T09:01:00.000Z");
    await engage(host, john, "onboarding-tips-1", "2026-03-18T10:00:00.000Z");
    await dispatch(host, "2026-03-25T09:01:00.000Z");
    await engage(host, john, "onboarding-tips-2", "2026-03-25T10:00:00.000Z");
    // Summer time from 29 March: 10:00 in Berlin is 08:00 UTC.
    await dispatch(host, "2026-04-01T08:01:00.000Z");
    const tips = await tipsOf(john);
    expect(tips.map((m) => m.subject)).toEqual([
      "Tip 1 of 3: A good start",
      "Tip 2 of 3: Make it last",
      "Tip 3 of 3: Get more out of it",
    ]);
    for (const tip of tips) expectMarketingMail(tip, john, tip.subject);
  });

  it("stops the series when the customer unsubscribes after opening a tip", async () => {
    const ben = await givenCustomer(host);
    await send(host, [order(ben, { orderId: "o-1", at: "2026-04-01T09:00:00.000Z", categories: ["books"] })]);
    await dispatch(host, "2026-04-06T08:01:00.000Z");
    await engage(host, ben, "onboarding-tips-1", "2026-04-06T09:00:00.000Z");
    await send(host, [
      consentEvent("consent.revoked", {
        id: `${ben.id}-out`,
        customer: { id: ben.id },
        at: "2026-04-07T09:00:00.000Z",
      }),
    ]);
    await dispatch(host, "2026-04-13T08:01:00.000Z");
    expect((await tipsOf(ben)).map((m) => m.subject)).toEqual(["Tipp 1 von 3: Gut starten"]);
    expect(await lastDecision(host, ben, "onboarding-tips-2")).toMatchObject({
      status: "exited",
      reason: "consent-revoked",
    });
  });

  it("waits for the contact budget: a tip due the morning a cart reminder went out goes the next day", async () => {
    const cara = await givenCustomer(host);
    await send(host, [
      order(cara, { orderId: "o-1", at: "2026-04-15T07:00:00.000Z", categories: ["books"] }),
      {
        id: `${cara.id}-cart`,
        shop: "default",
        type: "checkout.updated",
        occurredAt: "2026-04-19T03:30:00.000Z",
        customer: { id: cara.id },
        data: { checkoutId: "ch-1", total: { amount: "700.00", currency: "EUR" }, completed: false },
      },
    ]);
    await dispatch(host, "2026-04-19T07:31:00.000Z");
    expect(await mailsOf(host, cara, "high-value-cart")).toHaveLength(1);
    await dispatch(host, "2026-04-19T08:01:00.000Z");
    expect(await lastDecision(host, cara, "onboarding-tips-1")).toMatchObject({
      status: "scheduled",
      reason: "budget",
      until: "2026-04-20T07:31:00.000Z",
    });
    await dispatch(host, "2026-04-20T07:32:00.000Z");
    expect((await tipsOf(cara)).map((m) => m.subject)).toEqual(["Tipp 1 von 3: Gut starten"]);
  });

  it("sends no tips for an order without categories, nor without consent", async () => {
    const dora = await givenCustomer(host);
    const emil = await givenCustomer(host, { consent: false });
    await send(host, [
      order(dora, { orderId: "o-1", at: "2026-04-22T09:00:00.000Z", categories: [] }),
      order(emil, { orderId: "o-1", at: "2026-04-22T09:00:00.000Z", categories: ["books"] }),
    ]);
    expect(await instancesOf(host, dora, "onboarding-tips-1")).toHaveLength(0);
    await dispatch(host, "2026-04-27T08:01:00.000Z");
    expect(await tipsOf(emil)).toHaveLength(0);
    expect(await lastDecision(host, emil, "onboarding-tips-1")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
  });
});
