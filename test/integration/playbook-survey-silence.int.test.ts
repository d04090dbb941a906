import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { orderRefunded } from "../support/builders";
import { scanAll, startTestHost } from "../support/local-host";
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
import { answer, open, profileOf, scoreLink } from "./survey-story";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const bigCart = (c: StoryCustomer, at: string): CanonicalEvent => ({
  id: `${c.id}-cart`,
  shop: "default",
  type: "checkout.updated",
  occurredAt: at,
  customer: { id: c.id },
  data: { checkoutId: "ch-1", total: { amount: "900.00", currency: "EUR" }, completed: false },
});

describe("when the satisfaction survey stays silent", () => {
  it("asks nobody without consent, nothing about a refunded order, once in 90 days, and waits out the budget", async () => {
    const dora = await givenCustomer(host, { consent: false });
    const emil = await givenCustomer(host);
    const fritz = await givenCustomer(host);
    const gita = await givenCustomer(host);
    // Monday 11:00 in Berlin (CEST): the surveys are due Tuesday two weeks on, 10:00.
    const monday = "2026-05-04T09:00:00.000Z";
    await send(host, [
      order(dora, { orderId: "o-1", at: monday, categories: ["books"] }),
      order(emil, { orderId: "o-1", at: monday, categories: ["books"] }),
      order(fritz, { orderId: "o-1", at: monday, categories: ["books"] }),
      order(gita, { orderId: "o-1", at: monday, categories: ["books"] }),
      // Fritz leaves a big cart that morning: its reminder goes at 07:30 and uses his day's budget.
      bigCart(fritz, "2026-05-19T03:30:00.000Z"),
    ]);
    await send(host, [
      orderRefunded({
        id: `${emil.id}-ref`,
        customer: { id: emil.id },
        orderId: "o-1",
        at: "2026-05-10T08:00:00.000Z",
      }),
    ]);
    // Gita's second order, a week later, falls within the 90 days: no second survey.
    await send(host, [
      order(gita, { orderId: "o-2", at: "2026-05-11T09:00:00.000Z", categories: ["books"] }),
    ]);
    expect((await instancesOf(host, gita, "satisfaction-survey")).map((i) => i.key)).toEqual(["o-1"]);

    await dispatch(host, "2026-05-19T07:31:00.000Z");
    expect(await mailsOf(host, fritz, "high-value-cart")).toHaveLength(1);
    await dispatch(host, "2026-05-19T08:01:00.000Z");

    for (const silent of [dora, emil, fritz])
      expect(await mailsOf(host, silent, "satisfaction-survey")).toEqual([]);
    expect(await lastDecision(host, dora, "satisfaction-survey")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
    expect(await lastDecision(host, emil, "satisfaction-survey")).toMatchObject({
      status: "exited",
      reason: "event:order.refunded",
    });
    expect(await lastDecision(host, fritz, "satisfaction-survey")).toMatchObject({
      decision: "deferred",
      reason: "budget",
      until: "2026-05-20T07:31:00.000Z",
    });
    expect(await mailsOf(host, gita, "satisfaction-survey")).toHaveLength(1);

    // Deferred, not dropped: Fritz is asked the next morning.
    await dispatch(host, "2026-05-20T07:32:00.000Z");
    expectMarketingMail(
      (await mailsOf(host, fritz, "satisfaction-survey"))[0],
      fritz,
      "Eine kurze Frage zu Ihrer Bestellung",
    );
  });
});

describe("a survey link forwarded badly", () => {
  it("answers a tampered or expired token with a clear page and changes nothing", async () => {
    const hans = await givenCustomer(host);
    await send(host, [
      order(hans, { orderId: "o-4", at: "2026-06-01T09:00:00.000Z", categories: ["books"] }),
    ]);
    await dispatch(host, "2026-06-16T08:01:00.000Z");
    const [survey] = await mailsOf(host, hans, "satisfaction-survey");
    const link = scoreLink(survey, 9);
    const token = new URL(link).searchParams.get("token") ?? "";
    const before = await scanAll(host);

    // A mail client that re-wrapped the link, and one that cut it short.
    const tampered = link.replace(
      token,
      `${token.slice(0, 20)}${token[20] === "A" ? "B" : "A"}${token.slice(21)}`,
    );
    const cut = link.replace(token, token.slice(0, 60));
    for (const bad of [tampered, cut]) {
      const page = await open(bad);
      expect(page.status).toBe(400);
      expect(page.body).toContain("Link ungültig oder abgelaufen");
      const posted = await answer(host, bad, 9, "2026-06-16T09:00:00.000Z");
      expect(posted.status).toBe(400);
      expect(posted.body).toContain("Es wurde nichts gespeichert.");
    }

    // 30 days after the send the link has expired, in English too.
    const expired = await answer(host, link, 9, "2026-07-16T08:02:00.000Z", "en-GB");
    expect(expired.status).toBe(400);
    expect(expired.body).toContain("This survey link is invalid or has expired (it is valid for 30 days).");

    expect(await scanAll(host)).toEqual(before);
    expect((await profileOf(host, hans)).survey).toBeNull();
    expect(host.bus.deadLetters).toEqual([]);
  });
});
