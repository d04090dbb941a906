import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { PLAYBOOK } from "../../shared/campaigns/playbook";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { startTestHost } from "../support/local-host";
import { mailTo } from "../support/ses-store";
import {
  dispatch,
  engage,
  expectMarketingMail,
  givenCustomer,
  instancesOf,
  lastDecision,
  mailsOf,
  type StoryCustomer,
  send,
} from "./playbook-story";

// The newsletter is off by default; this shop has written its issue and switched it on.
let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost({
    campaigns: PLAYBOOK.map((c) => (c.id === "newsletter" ? { ...c, enabled: true } : c)),
  });
});
afterAll(async () => {
  await host?.stop();
});

const published = (
  c: StoryCustomer,
  newsletterId: string,
  at: string,
  id = `${c.id}-${newsletterId}`,
): CanonicalEvent => ({
  id,
  shop: "default",
  type: "newsletter.published",
  occurredAt: at,
  customer: { id: c.id },
  data: { newsletterId },
});

describe("newsletter engagement", () => {
  it("re-sends an unopened newsletter once, 7 days later, with another subject line, then stops", async () => {
    const anna = await givenCustomer(host);
    await send(host, [published(anna, "nl-1", "2026-03-02T07:00:00.000Z")]);
    await dispatch(host, "2026-03-02T09:01:00.000Z");
    const [issue] = await mailsOf(host, anna, "newsletter");
    expectMarketingMail(issue, anna, "Neues aus unserem Shop");
    expect(await instancesOf(host, anna, "newsletter-resend")).toMatchObject([
      { status: "scheduled", dueAt: "2026-03-09T09:01:00.000Z" },
    ]);

    await dispatch(host, "2026-03-09T09:00:00.000Z");
    expect(await mailTo(host, anna.email)).toHaveLength(1);
    await dispatch(host, "2026-03-09T09:02:00.000Z");
    const [again] = await mailsOf(host, anna, "newsletter-resend");
    expectMarketingMail(again, anna, "Schon gesehen? Unsere Neuigkeiten");
    expect(again?.body.text).toContain("hier sind unsere Neuigkeiten");

    // The re-send starts no re-send of its own: two mails, one re-send instance, done.
    await dispatch(host, "2026-03-16T09:03:00.000Z");
    expect((await mailTo(host, anna.email)).map((m) => m.subject)).toEqual([
      "Neues aus unserem Shop",
      "Schon gesehen? Unsere Neuigkeiten",
    ]);
    expect((await instancesOf(host, anna, "newsletter-resend")).map((i) => i.status)).toEqual(["sent"]);
  });

  it("does not re-send a newsletter that was opened or clicked", async () => {
    const ben = await givenCustomer(host, { locale: "en-GB" });
    const cara = await givenCustomer(host);
    await send(host, [
      published(ben, "nl-2", "2026-03-16T07:00:00.000Z"),
      published(cara, "nl-2", "2026-03-16T07:00:00.000Z"),
    ]);
    await dispatch(host, "2026-03-16T09:01:00.000Z");
    expectMarketingMail((await mailsOf(host, ben, "newsletter"))[0], ben, "News from our shop");
    await engage(host, ben, "newsletter", "2026-03-17T18:00:00.000Z", "Open");
    await engage(host, cara, "newsletter", "2026-03-18T10:00:00.000Z", "Click");
    await dispatch(host, "2026-03-23T09:02:00.000Z");
    expect(await mailTo(host, ben.email)).toHaveLength(1);
    expect(await mailTo(host, cara.email)).toHaveLength(1);
    expect(await lastDecision(host, ben, "newsletter-resend")).toMatchObject({
      status: "exited",
      reason: "event:message.opened",
    });
    expect(await lastDecision(host, cara, "newsletter-resend")).toMatchObject({
      status: "exited",
      reason: "event:message.clicked",
    });
  });

  it("sends an issue once however often it is published, and nothing without consent", async () => {
    const dora = await givenCustomer(host, { consent: false });
    const emil = await givenCustomer(host);
    await send(host, [
      published(dora, "nl-3", "2026-03-24T07:00:00.000Z"),
      published(emil, "nl-3", "2026-03-24T07:00:00.000Z"),
      published(emil, "nl-3", "2026-03-24T07:05:00.000Z", `${emil.id}-nl-3-again`),
    ]);
    await dispatch(host, "2026-03-24T09:01:00.000Z");
    expect(await mailsOf(host, emil, "newsletter")).toHaveLength(1);
    expect(await mailTo(host, dora.email)).toHaveLength(0);
    expect(await lastDecision(host, dora, "newsletter")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
    // Nothing was sent, so there is nothing to re-send.
    expect(await instancesOf(host, dora, "newsletter-resend")).toHaveLength(0);
  });

  it("waits for the contact budget when a cart reminder went out that morning", async () => {
    const fritz = await givenCustomer(host);
    await send(host, [
      published(fritz, "nl-4", "2026-03-25T07:00:00.000Z"),
      {
        id: `${fritz.id}-cart`,
        shop: "default",
        type: "checkout.updated",
        occurredAt: "2026-03-25T03:30:00.000Z",
        customer: { id: fritz.id },
        data: { checkoutId: "ch-1", total: { amount: "550.00", currency: "EUR" }, completed: false },
      },
    ]);
    await dispatch(host, "2026-03-25T07:31:00.000Z");
    await dispatch(host, "2026-03-25T09:01:00.000Z");
    expect(await mailsOf(host, fritz, "newsletter")).toHaveLength(0);
    expect(await lastDecision(host, fritz, "newsletter")).toMatchObject({
      reason: "budget",
      until: "2026-03-26T07:31:00.000Z",
    });
    await dispatch(host, "2026-03-26T07:32:00.000Z");
    expect(await mailsOf(host, fritz, "newsletter")).toHaveLength(1);
  });
});

describe("the default playbook", () => {
  let plain: LocalHost;
  beforeAll(async () => {
    plain = await startTestHost();
  });
  afterAll(async () => {
    await plain?.stop();
  });

  it("sends no newsletter until the shop switches it on", async () => {
    const gina = await givenCustomer(plain);
    await send(plain, [published(gina, "nl-5", "2026-03-30T06:00:00.000Z")]);
    await dispatch(plain, "2026-03-30T08:01:00.000Z");
    expect(await instancesOf(plain, gina, "newsletter")).toEqual([]);
    expect(await mailTo(plain, gina.email)).toHaveLength(0);
  });
});
