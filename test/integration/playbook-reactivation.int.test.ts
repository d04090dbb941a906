import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { BusEvent } from "../../shared/messaging/event-bus";
import { consentEvent } from "../support/builders";
import { startTestHost } from "../support/local-host";
import { header, mailTo } from "../support/ses-store";
import { ordersOn, profileOf, runJob } from "./churn-story";
import {
  bigCart,
  dispatch,
  expectMarketingMail,
  givenCustomer,
  instancesOf,
  lastDecision,
  mailsOf,
  order,
  send,
} from "./playbook-story";

let host: LocalHost;
const published: BusEvent[] = [];
beforeAll(async () => {
  host = await startTestHost();
  const publish = host.bus.publish.bind(host.bus);
  // Keep what the sweep publishes, to deliver it again as a retried sweep would.
  vi.spyOn(host.bus, "publish").mockImplementation(async (events) => {
    published.push(...events);
    await publish(events);
  });
});
afterAll(async () => {
  await host?.stop();
});

// Regulars who order coffee every 10 days: at risk 20 days after the last order (2 intervals),
// past the rhythm's inactive threshold (4 intervals) 40 days after it.
const EVERY_TEN_DAYS = ["2026-02-20", "2026-03-02", "2026-03-12", "2026-03-22"];
const OFFER_DE = "Wir vermissen Sie: ein Dankeschön für Ihre nächste Bestellung";
const REMINDER_DE = "Ihr Dankeschön wartet noch auf Sie";

describe("reactivation", () => {
  it("offers a comeback when the sweep marks a regular at risk, once more 30 days later, then only transactional mail", async () => {
    // given: two regulars, Anna (German) and John (English, whose cart reminder goes out the same morning)
    const anna = await givenCustomer(host);
    const john = await givenCustomer(host, { locale: "en-GB" });
    for (const c of [anna, john]) await ordersOn(host, c, EVERY_TEN_DAYS, ["coffee"]);
    await send(host, [bigCart(john, "2026-04-11T03:30:00.000Z")]);
    await runJob(host, "fit-model", "2026-04-10T02:00:00.000Z");

    // when: the daily sweep 20 days after their last order, then dispatch at 10:00 Berlin
    const sweep = await runJob(host, "churn-sweep", "2026-04-11T04:00:00.000Z");
    await dispatch(host, "2026-04-11T07:31:00.000Z");
    await dispatch(host, "2026-04-11T08:01:00.000Z");

    // then: both are at risk; Anna has her offer, in German, with one-click unsubscribe
    expect(sweep.shops.find((s) => s.shop === "default")?.churnRisk).toBe(2);
    expect((await profileOf(host, anna)).lifecycleStage).toBe("at-risk");
    const [offer] = await mailsOf(host, anna, "reactivation");
    expectMarketingMail(offer, anna, OFFER_DE);
    expect(offer?.body.text).toContain("Hallo Anna");
    expect(offer?.body.text).toContain("mit dem Code WIEDERDA10 10 % Rabatt");
    // The due date passed too, but an at-risk customer gets the offer, not a replenishment reminder.
    expect(await instancesOf(host, anna, "replenishment")).toHaveLength(0);
    // John's cart reminder used this morning's budget: his offer waits a day.
    expect(await mailsOf(host, john, "high-value-cart")).toHaveLength(1);
    expect(await lastDecision(host, john, "reactivation")).toMatchObject({
      reason: "budget",
      until: "2026-04-12T07:31:00.000Z",
    });
    await dispatch(host, "2026-04-12T08:05:00.000Z");
    const [en] = await mailsOf(host, john, "reactivation");
    expectMarketingMail(en, john, "We miss you: a thank-you for your next order");
    expect(en?.body.text).toContain("the code WIEDERDA10 gives you 10 % off");

    // when: a month passes without an order; the sweep looks again in between
    await runJob(host, "churn-sweep", "2026-05-11T04:00:00.000Z");
    const between = await profileOf(host, anna);
    expect(await instancesOf(host, anna, "reactivation-reminder")).toMatchObject([
      { status: "scheduled", dueAt: "2026-05-12T08:00:00.000Z" },
    ]);
    await dispatch(host, "2026-05-12T08:01:00.000Z");
    await dispatch(host, "2026-05-13T08:01:00.000Z");

    // then: five intervals overdue, yet still at risk (the window), and the second attempt goes out
    expect(between).toMatchObject({ lifecycleStage: "at-risk", predictions: { status: "inactive" } });
    expectMarketingMail((await mailsOf(host, anna, "reactivation-reminder"))[0], anna, REMINDER_DE);
    expectMarketingMail(
      (await mailsOf(host, john, "reactivation-reminder"))[0],
      john,
      "Your thank-you is still waiting for you",
    );

    // when: 44 days after the mark, still no order
    await runJob(host, "churn-sweep", "2026-05-25T04:00:00.000Z");
    await send(host, [bigCart(anna, "2026-05-26T06:00:00.000Z")]);
    await dispatch(host, "2026-05-26T10:01:00.000Z");
    host.clock.set("2026-05-26T11:00:00.000Z");
    await send(host, [
      consentEvent("consent.granted", {
        id: `${anna.id}-again`,
        customer: { id: anna.id },
        at: "2026-05-26T11:00:00.000Z",
      }),
    ]);

    // then: inactive; the cart reminder stays unsent, the double opt-in confirmation (transactional) goes out
    expect((await profileOf(host, anna)).lifecycleStage).toBe("inactive");
    expect((await profileOf(host, john)).lifecycleStage).toBe("inactive");
    expect(await lastDecision(host, anna, "high-value-cart")).toMatchObject({
      status: "skipped",
      reason: "inactive-customer",
    });
    const mails = await mailTo(host, anna.email);
    expect(mails.map((m) => m.subject)).toEqual([
      OFFER_DE,
      REMINDER_DE,
      "Bitte bestätigen Sie Ihre Newsletter-Anmeldung",
    ]);
    expect(header(mails[2]!, "List-Unsubscribe")).toBeUndefined();
    // No third attempt: each first offer started exactly one reminder.
    expect(
      (await instancesOf(host, anna)).filter((i) => i.campaignId.startsWith("reactivation")),
    ).toHaveLength(2);
  });

  it("stays silent without consent, exits at the next order, and sends nothing twice for a retried sweep", async () => {
    // given: Cara without consent; Dora and Emil, regulars like Anna
    const cara = await givenCustomer(host, { consent: false });
    const dora = await givenCustomer(host);
    const emil = await givenCustomer(host);
    for (const c of [cara, dora, emil])
      await ordersOn(host, c, ["2026-06-01", "2026-06-11", "2026-06-21"], ["tea"]);

    // when: the sweep marks them at risk; Emil orders before 10:00
    published.length = 0;
    await runJob(host, "churn-sweep", "2026-07-11T04:00:00.000Z");
    await send(host, [
      order(emil, { orderId: "o-back", at: "2026-07-11T06:00:00.000Z", categories: ["tea"] }),
    ]);
    await dispatch(host, "2026-07-11T08:01:00.000Z");
    // a retried sweep delivers the same events again
    const churn = published.filter((e) => e.detailType === "customer.churn-risk");
    expect(churn).toHaveLength(3);
    await host.bus.publish(churn);
    await host.bus.idle();

    // then: Cara's offer is skipped for want of consent (and starts no second attempt); Emil's exits
    expect(await lastDecision(host, cara, "reactivation")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
    expect(await instancesOf(host, cara, "reactivation-reminder")).toHaveLength(0);
    expect(await lastDecision(host, emil, "reactivation")).toMatchObject({
      status: "exited",
      reason: "order-since",
    });
    expectMarketingMail((await mailsOf(host, dora, "reactivation"))[0], dora, OFFER_DE);
    expect(await instancesOf(host, dora, "reactivation")).toHaveLength(1);

    // when: Dora orders a week after the offer; the reminder would be due a month after it
    await send(host, [
      order(dora, { orderId: "o-back", at: "2026-07-18T09:00:00.000Z", categories: ["tea"] }),
    ]);
    await dispatch(host, "2026-08-11T08:01:00.000Z");

    // then: the reminder ended with her order; she is a regular again, and had one mail
    expect(await lastDecision(host, dora, "reactivation-reminder")).toMatchObject({
      status: "exited",
      reason: "order-since",
    });
    expect((await profileOf(host, dora)).lifecycleStage).toBe("repeat");
    for (const c of [cara, emil]) expect(await mailTo(host, c.email)).toHaveLength(0);
    expect((await mailTo(host, dora.email)).map((m) => m.subject)).toEqual([OFFER_DE]);
  });
});
