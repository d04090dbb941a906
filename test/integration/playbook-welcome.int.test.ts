import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { WELCOME_BENEFIT } from "../../shared/campaigns/playbook/config";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { consentEvent } from "../support/builders";
import { startTestHost } from "../support/local-host";
import {
  dispatch,
  expectMarketingMail,
  givenCustomer,
  instancesOf,
  lastDecision,
  mailsOf,
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

/** A customer who registers without consent; each story then confirms (or not) the sign-up itself. */
const newcomer = (locale = "de-DE") => givenCustomer(host, { locale, consent: false });

const confirmed = (c: StoryCustomer, at: string, id = `${c.id}-confirmed-${at}`): CanonicalEvent =>
  consentEvent("consent.granted", { id, customer: { id: c.id }, at, confirmedAt: at });

describe("welcome", () => {
  it("welcomes a confirmed sign-up five minutes later, in their language, once", async () => {
    const anna = await newcomer("de-DE");
    const john = await newcomer("en-GB");
    await send(host, [
      confirmed(anna, "2026-03-02T09:00:00.000Z"),
      confirmed(john, "2026-03-02T09:00:00.000Z"),
    ]);
    await dispatch(host, "2026-03-02T09:04:00.000Z");
    expect(await mailsOf(host, anna, "welcome")).toHaveLength(0);

    await dispatch(host, "2026-03-02T09:06:00.000Z");
    const [de] = await mailsOf(host, anna, "welcome");
    expectMarketingMail(de, anna, "Willkommen! Schön, dass Sie dabei sind");
    expect(de?.body.text).toContain("Hallo Anna");
    expect(de?.body.text).toContain(WELCOME_BENEFIT.de);
    const [en] = await mailsOf(host, john, "welcome");
    expectMarketingMail(en, john, "Welcome! We are glad you are here");
    expect(en?.body.text).toContain(WELCOME_BENEFIT.en);

    // The shop reports the subscription again with its next customer update: no second welcome.
    await send(host, [confirmed(anna, "2026-03-02T11:00:00.000Z")]);
    await dispatch(host, "2026-03-02T11:10:00.000Z");
    expect(await instancesOf(host, anna, "welcome")).toHaveLength(1);
    expect(await mailsOf(host, anna, "welcome")).toHaveLength(1);
  });

  it("does not welcome a single opt-in until it is confirmed", async () => {
    const ben = await newcomer();
    await send(host, [
      consentEvent("consent.granted", {
        id: `${ben.id}-pending`,
        customer: { id: ben.id },
        at: "2026-03-03T09:00:00.000Z",
      }),
    ]);
    expect(await instancesOf(host, ben, "welcome")).toHaveLength(0);

    await send(host, [confirmed(ben, "2026-03-03T09:30:00.000Z")]);
    await dispatch(host, "2026-03-03T09:36:00.000Z");
    expect(await mailsOf(host, ben, "welcome")).toHaveLength(1);
  });

  it("stays silent when the consent is revoked before the welcome goes out", async () => {
    const cara = await newcomer();
    await send(host, [confirmed(cara, "2026-03-04T09:00:00.000Z")]);
    await send(host, [
      consentEvent("consent.revoked", {
        id: `${cara.id}-out`,
        customer: { id: cara.id },
        at: "2026-03-04T09:02:00.000Z",
      }),
    ]);
    await dispatch(host, "2026-03-04T09:10:00.000Z");
    expect(await mailsOf(host, cara, "welcome")).toHaveLength(0);
    expect(await lastDecision(host, cara, "welcome")).toMatchObject({
      status: "exited",
      reason: "consent-revoked",
    });
  });

  it("holds a late-night sign-up until 08:00 in the customer's time zone", async () => {
    const dora = await newcomer();
    // 23:30 in Berlin.
    await send(host, [confirmed(dora, "2026-03-04T22:30:00.000Z")]);
    await dispatch(host, "2026-03-04T22:40:00.000Z");
    expect(await mailsOf(host, dora, "welcome")).toHaveLength(0);
    expect(await lastDecision(host, dora, "welcome")).toMatchObject({
      reason: "quiet-hours",
      until: "2026-03-05T07:00:00.000Z",
    });
    await dispatch(host, "2026-03-05T07:01:00.000Z");
    expect(await mailsOf(host, dora, "welcome")).toHaveLength(1);
  });

  it("counts against the contact budget: a cart reminder due the same day waits for the next", async () => {
    const emil = await newcomer();
    await send(host, [
      confirmed(emil, "2026-03-06T08:00:00.000Z"),
      {
        id: `${emil.id}-cart`,
        shop: "default",
        type: "checkout.updated",
        occurredAt: "2026-03-06T08:30:00.000Z",
        customer: { id: emil.id },
        data: { checkoutId: "ch-1", total: { amount: "640.00", currency: "EUR" }, completed: false },
      },
    ]);
    await dispatch(host, "2026-03-06T08:06:00.000Z");
    expect(await mailsOf(host, emil, "welcome")).toHaveLength(1);

    await dispatch(host, "2026-03-06T12:31:00.000Z");
    expect(await mailsOf(host, emil, "high-value-cart")).toHaveLength(0);
    expect(await lastDecision(host, emil, "high-value-cart")).toMatchObject({
      reason: "budget",
      until: "2026-03-07T08:06:00.000Z",
    });
    await dispatch(host, "2026-03-07T08:07:00.000Z");
    expect(await mailsOf(host, emil, "high-value-cart")).toHaveLength(1);
  });
});
