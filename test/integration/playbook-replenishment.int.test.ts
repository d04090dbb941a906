import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { startTestHost } from "../support/local-host";
import { mailTo } from "../support/ses-store";
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
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

// Regulars who order every 30 days, the last time on May 1st: their next order is due May 31st.
const MONTHLY = ["2026-03-02", "2026-04-01", "2026-05-01"];

describe("replenishment", () => {
  it("reminds a regular 3 days before the expected next order, naming the category they buy again", async () => {
    // given: Anna buys coffee every month (and a mug once); John shoes, and his cart reminder goes
    // out the morning of the notice; Emil buys something different each time
    const anna = await givenCustomer(host);
    const john = await givenCustomer(host, { locale: "en-GB" });
    const emil = await givenCustomer(host);
    await ordersOn(host, anna, MONTHLY, (i) => (i === 1 ? ["coffee", "mugs"] : ["coffee"]));
    await ordersOn(host, john, MONTHLY, ["shoes"]);
    await ordersOn(host, emil, MONTHLY, (i) => [["books", "toys", "garden"][i] as string]);
    await send(host, [bigCart(john, "2026-05-28T03:30:00.000Z")]);
    await runJob(host, "fit-model", "2026-05-26T02:00:00.000Z");

    // when: the sweep four days before the due date, and again three days before
    const early = await runJob(host, "churn-sweep", "2026-05-27T04:00:00.000Z");
    const annaEarly = await instancesOf(host, anna, "replenishment");
    const notice = await runJob(host, "churn-sweep", "2026-05-28T04:00:00.000Z");
    await dispatch(host, "2026-05-28T07:31:00.000Z");
    await dispatch(host, "2026-05-28T08:01:00.000Z");

    // then: nothing four days ahead; three days ahead, Anna's reminder at 10:00 Berlin about coffee
    expect(early.shops.find((s) => s.shop === "default")?.nextOrderDue).toBe(0);
    expect(annaEarly).toHaveLength(0);
    expect(notice.shops.find((s) => s.shop === "default")?.nextOrderDue).toBe(3);
    expect(await profileOf(host, anna)).toMatchObject({
      repeatCategory: "coffee",
      predictions: { nextOrderDueAt: "2026-05-31T00:00:00.000Z" },
    });
    expect(await instancesOf(host, anna, "replenishment")).toMatchObject([
      { key: "2026-05-31T00:00:00.000Z", status: "sent" },
    ]);
    const [de] = await mailsOf(host, anna, "replenishment");
    expectMarketingMail(de, anna, "Zeit für Nachschub?");
    expect(de?.body.text).toContain("Hallo Anna");
    expect(de?.body.text).toContain("ist es bald wieder Zeit für coffee");
    expect(de?.body.text).toContain("Zeit für ein Upgrade");
    // Emil buys nothing twice: nothing to restock, no journey.
    expect(await instancesOf(host, emil, "replenishment")).toHaveLength(0);
    // John's cart reminder used this morning's budget: his reminder waits a day (still before the due date).
    expect(await lastDecision(host, john, "replenishment")).toMatchObject({
      reason: "budget",
      until: "2026-05-29T07:31:00.000Z",
    });
    await dispatch(host, "2026-05-29T08:05:00.000Z");
    const [en] = await mailsOf(host, john, "replenishment");
    expectMarketingMail(en, john, "Time to stock up?");
    expect(en?.body.text).toContain("you will soon be due for more shoes");

    // when: the sweep runs again the same day, and the next day
    await runJob(host, "churn-sweep", "2026-05-28T04:00:00.000Z");
    await runJob(host, "churn-sweep", "2026-05-29T04:00:00.000Z");

    // then: one reminder per due date
    expect(await instancesOf(host, anna, "replenishment")).toHaveLength(1);
    expect(await mailsOf(host, anna, "replenishment")).toHaveLength(1);
  });

  it("stays silent without consent and when the customer orders before the reminder goes out", async () => {
    // given: Cara without consent, Dora with; both buy tea every month, next due August 30th
    const cara = await givenCustomer(host, { consent: false });
    const dora = await givenCustomer(host);
    for (const c of [cara, dora])
      await ordersOn(host, c, ["2026-06-01", "2026-07-01", "2026-07-31"], ["tea"]);

    // when: the notice at 04:00; Dora orders at 07:00, before her 10:00 reminder
    await runJob(host, "churn-sweep", "2026-08-27T04:00:00.000Z");
    await send(host, [
      order(dora, { orderId: "o-early", at: "2026-08-27T07:00:00.000Z", categories: ["tea"] }),
    ]);
    await dispatch(host, "2026-08-27T08:01:00.000Z");

    // then: Cara's is skipped for want of consent, Dora's ended with her order; no mail at all
    expect(await lastDecision(host, cara, "replenishment")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
    expect(await lastDecision(host, dora, "replenishment")).toMatchObject({
      status: "exited",
      reason: "order-since",
    });
    for (const c of [cara, dora]) expect(await mailTo(host, c.email)).toHaveLength(0);
  });
});
