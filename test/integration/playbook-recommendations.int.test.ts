import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { startTestHost } from "../support/local-host";
import { productUpdated } from "../support/products";
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
  // The cross-sell mail shows products of the related category, or is not sent (no-products).
  await send(host, [
    productUpdated({ productId: "case", at: "2026-01-01T08:00:00.000Z", title: "Phone Case" }),
    productUpdated({
      productId: "beans",
      at: "2026-01-01T08:00:00.000Z",
      title: "Beans",
      category: "coffee",
    }),
  ]);
});
afterAll(async () => {
  await host?.stop();
});

describe("coupon follow-up", () => {
  it("thanks a coupon user 7 days later at 10:00 with a related recommendation, after the budget allows", async () => {
    const anna = await givenCustomer(host);
    const john = await givenCustomer(host, { locale: "en-US" });
    await send(host, [
      order(anna, {
        orderId: "o-1",
        at: "2026-03-02T09:00:00.000Z",
        categories: ["phones"],
        coupons: ["SPRING10"],
      }),
      order(john, {
        orderId: "o-1",
        at: "2026-03-02T09:00:00.000Z",
        categories: ["books"],
        coupons: ["SPRING10"],
      }),
      bigCart(john, "2026-03-09T04:00:00.000Z"),
    ]);
    expect(await instancesOf(host, anna, "coupon-follow-up")).toMatchObject([
      { key: "o-1", dueAt: "2026-03-09T09:00:00.000Z" },
    ]);
    await dispatch(host, "2026-03-09T08:01:00.000Z");
    await dispatch(host, "2026-03-09T09:01:00.000Z");
    const [de] = await mailsOf(host, anna, "coupon-follow-up");
    expectMarketingMail(de, anna, "Danke, dass Sie Ihren Gutschein bei uns eingelöst haben");
    expect(de?.body.text).toContain("Ihren Gutschein SPRING10");
    // The related recommendation: the cross-sell category of what was bought.
    expect(de?.body.text).toContain("in unserer Kategorie accessories");

    // John's cart reminder used this morning's budget: his thank-you waits a day.
    expect(await lastDecision(host, john, "coupon-follow-up")).toMatchObject({
      reason: "budget",
      until: "2026-03-10T08:01:00.000Z",
    });
    await dispatch(host, "2026-03-10T08:02:00.000Z");
    const [en] = await mailsOf(host, john, "coupon-follow-up");
    expectMarketingMail(en, john, "Thank you for using your coupon with us");
    // No mapped category: a category the customer already buys.
    expect(en?.body.text).toContain("take a look at what is new in books");
  });

  it("thanks once in 30 days, and not for an order without a coupon", async () => {
    const cara = await givenCustomer(host);
    await send(host, [order(cara, { orderId: "o-1", at: "2026-03-10T10:00:00.000Z", coupons: ["A"] })]);
    await send(host, [order(cara, { orderId: "o-2", at: "2026-03-14T10:00:00.000Z", coupons: ["B"] })]);
    await send(host, [order(cara, { orderId: "o-3", at: "2026-03-15T10:00:00.000Z" })]);
    expect((await instancesOf(host, cara, "coupon-follow-up")).map((i) => i.key)).toEqual(["o-1"]);
  });

  it("stays silent without consent", async () => {
    const ben = await givenCustomer(host, { consent: false });
    await send(host, [order(ben, { orderId: "o-1", at: "2026-03-16T09:00:00.000Z", coupons: ["X"] })]);
    await dispatch(host, "2026-03-23T09:01:00.000Z");
    expect(await mailsOf(host, ben, "coupon-follow-up")).toHaveLength(0);
    expect(await lastDecision(host, ben, "coupon-follow-up")).toMatchObject({
      status: "skipped",
      reason: "no-consent",
    });
  });
});

describe("cross-sell", () => {
  it("suggests the related category 10 days after the order; another unrelated order does not stop it", async () => {
    const dora = await givenCustomer(host);
    const emil = await givenCustomer(host, { locale: "en-GB" });
    await send(host, [
      order(dora, { orderId: "o-1", at: "2026-03-23T10:00:00.000Z", categories: ["phones"] }),
      order(emil, { orderId: "o-1", at: "2026-03-23T10:00:00.000Z", categories: ["coffee-machines"] }),
    ]);
    await send(host, [
      order(dora, { orderId: "o-2", at: "2026-03-25T10:00:00.000Z", categories: ["books"] }),
      bigCart(emil, "2026-04-03T03:30:00.000Z"),
    ]);
    // 10 days on, at 10:00 Berlin summer time.
    expect(await instancesOf(host, dora, "cross-sell")).toMatchObject([
      { key: "o-1", status: "scheduled", dueAt: "2026-04-03T08:00:00.000Z" },
    ]);
    await dispatch(host, "2026-04-03T07:31:00.000Z");
    await dispatch(host, "2026-04-03T08:01:00.000Z");
    const [de] = await mailsOf(host, dora, "cross-sell");
    expectMarketingMail(de, dora, "Passend zu Ihrer Bestellung");
    expect(de?.body.text).toContain("Ihre Bestellung o-1");
    expect(de?.body.text).toContain("unsere Kategorie accessories");
    expect(de?.body.text).toContain("Phone Case");

    // Emil's cart reminder went out first this morning: the promotion waits for the budget.
    expect(await mailsOf(host, emil, "cross-sell")).toHaveLength(0);
    expect(await lastDecision(host, emil, "cross-sell")).toMatchObject({
      reason: "budget",
      until: "2026-04-04T07:31:00.000Z",
    });
    await dispatch(host, "2026-04-04T08:05:00.000Z");
    const [en] = await mailsOf(host, emil, "cross-sell");
    expectMarketingMail(en, emil, "Something to go with your order");
    expect(en?.body.text).toContain("have a look at our coffee");
  });

  it("exits when the customer orders in the suggested category meanwhile; ignores unmapped categories", async () => {
    const fritz = await givenCustomer(host);
    const greta = await givenCustomer(host);
    await send(host, [
      order(fritz, { orderId: "o-1", at: "2026-04-06T09:00:00.000Z", categories: ["phones"] }),
      order(greta, { orderId: "o-1", at: "2026-04-06T09:00:00.000Z", categories: ["books"] }),
    ]);
    await send(host, [
      order(fritz, { orderId: "o-2", at: "2026-04-09T09:00:00.000Z", categories: ["accessories"] }),
    ]);
    await dispatch(host, "2026-04-17T08:01:00.000Z");
    expect(await mailsOf(host, fritz, "cross-sell")).toHaveLength(0);
    expect(await lastDecision(host, fritz, "cross-sell")).toMatchObject({
      status: "exited",
      reason: "event:order.placed",
    });
    expect(await instancesOf(host, greta, "cross-sell")).toHaveLength(0);
  });
});
