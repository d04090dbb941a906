import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { CROSS_SELL } from "../../shared/campaigns/playbook/config";
import { orderRefunded } from "../support/builders";
import { startTestHost } from "../support/local-host";
import {
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

describe("post-purchase reassurance", () => {
  it("reassures a first-time buyer at 10:00 two days on, with help and no offer, despite a marketing mail that morning", async () => {
    const anna = await givenCustomer(host);
    // Monday 16:00 in Berlin: after one day, the next 10:00 is Wednesday's.
    await send(host, [
      order(anna, { orderId: "o-1", at: "2026-03-09T15:00:00.000Z", categories: ["phones"] }),
      {
        id: `${anna.id}-cart`,
        shop: "default",
        type: "checkout.updated",
        occurredAt: "2026-03-11T04:00:00.000Z",
        customer: { id: anna.id },
        data: { checkoutId: "ch-1", total: { amount: "900.00", currency: "EUR" }, completed: false },
      },
    ]);
    expect(await instancesOf(host, anna, "post-purchase-reassurance")).toMatchObject([
      { key: "o-1", dueAt: "2026-03-11T09:00:00.000Z" },
    ]);
    await dispatch(host, "2026-03-11T08:01:00.000Z");
    expect(await mailsOf(host, anna, "high-value-cart")).toHaveLength(1);
    expect(await mailsOf(host, anna, "post-purchase-reassurance")).toHaveLength(0);

    // Service mail does not use the contact budget the cart reminder just used.
    await dispatch(host, "2026-03-11T09:01:00.000Z");
    const [mail] = await mailsOf(host, anna, "post-purchase-reassurance");
    expectMarketingMail(mail, anna, "Ihre Bestellung ist in guten Händen");
    expect(mail?.body.text).toContain("Hallo Anna");
    expect(mail?.body.text).toContain("danke für Ihre erste Bestellung bei uns (Nr. o-1)");
    expect(mail?.body.text).toContain("Antworten Sie einfach auf diese E-Mail");
    // Explicitly no cross-selling: not the related category, not a coupon.
    expect(mail?.body.text).not.toContain(CROSS_SELL.phones);
    expect(mail?.body.text).not.toMatch(/Gutschein|Rabatt|%/);
  });

  it("writes in English to an English-speaking customer, and only after the first order", async () => {
    const john = await givenCustomer(host, { locale: "en-US" });
    await send(host, [
      order(john, { orderId: "o-1", at: "2026-03-11T10:00:00.000Z", categories: ["books"] }),
    ]);
    await send(host, [
      order(john, { orderId: "o-2", at: "2026-03-12T10:00:00.000Z", categories: ["books"] }),
    ]);
    await dispatch(host, "2026-03-13T09:30:00.000Z");
    expect((await instancesOf(host, john, "post-purchase-reassurance")).map((i) => i.key)).toEqual(["o-1"]);
    const mails = await mailsOf(host, john, "post-purchase-reassurance");
    expect(mails.map((m) => m.subject)).toEqual(["Your order is in good hands"]);
    expect(mails[0]?.body.text).toContain("Thank you for your first order with us (no. o-1)");
  });

  it("stays silent when the order is refunded before", async () => {
    const ben = await givenCustomer(host);
    await send(host, [order(ben, { orderId: "o-9", at: "2026-03-13T13:00:00.000Z" })]);
    await send(host, [
      orderRefunded({
        id: `${ben.id}-ref`,
        customer: { id: ben.id },
        orderId: "o-9",
        at: "2026-03-14T08:00:00.000Z",
      }),
    ]);
    await dispatch(host, "2026-03-15T09:30:00.000Z");
    expect(await mailsOf(host, ben, "post-purchase-reassurance")).toHaveLength(0);
    expect(await lastDecision(host, ben, "post-purchase-reassurance")).toMatchObject({
      status: "exited",
      reason: "event:order.refunded",
    });
  });

  it("stays silent without marketing consent", async () => {
    const cara = await givenCustomer(host, { consent: false });
    await send(host, [order(cara, { orderId: "o-5", at: "2026-03-15T13:00:00.000Z" })]);
    await dispatch(host, "2026-03-17T09:30:00.000Z");
    expect(await mailsOf(host, cara, "post-purchase-reassurance")).toHaveLength(0);
    expect(await lastDecision(host, cara, "post-purchase-reassurance")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
  });
});
