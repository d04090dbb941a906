import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { ShopEvent } from "../../shared/events/product-events";
import { seededRandom, shuffle } from "../support/builders";
import { startTestHost } from "../support/local-host";
import { productDeleted, productUpdated } from "../support/products";
import {
  dispatch,
  expectMarketingMail,
  givenCustomer,
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

/** Product events arrive like the rest: over POST /events, in batches, in any order. */
async function sendProducts(events: ShopEvent[]) {
  await send(host, events);
}

describe("product blocks in the cross-sell mail", () => {
  it("shows the available accessories ten days after a phone, never the sold-out or deleted one", async () => {
    // given: a catalog built from shuffled, duplicated and late product events
    const catalog = [
      // The case: an older version (sold out, old title) arrives after the newer one.
      productUpdated({
        productId: "case",
        at: "2026-05-01T08:00:00.000Z",
        title: "Leather Case",
        price: "29.90",
      }),
      productUpdated({
        productId: "case",
        at: "2026-04-20T08:00:00.000Z",
        title: "Old Case",
        available: false,
      }),
      // The charger: available when the phone is bought, sold out before the mail goes.
      productUpdated({ productId: "charger", at: "2026-05-01T08:00:00.000Z", title: "Fast Charger" }),
      // The cable: deleted; its last update arrives after the deletion and must not revive it.
      productDeleted({ productId: "cable", at: "2026-05-02T08:00:00.000Z" }),
      productUpdated({ productId: "cable", at: "2026-05-01T09:00:00.000Z", title: "USB Cable" }),
      productUpdated({
        productId: "strap",
        at: "2026-05-03T08:00:00.000Z",
        title: "Wrist Strap",
        price: "9.50",
      }),
      // Not the related category: never in the phone's block.
      productUpdated({
        productId: "beans",
        at: "2026-05-03T08:00:00.000Z",
        title: "Espresso Beans",
        category: "coffee",
      }),
    ];
    const random = seededRandom(16);
    await sendProducts(shuffle([...catalog, ...catalog], random));

    // ...and 12 customers buy a phone at the same time
    const buyers: StoryCustomer[] = [];
    for (let i = 0; i < 12; i++)
      buyers.push(await givenCustomer(host, i % 3 === 0 ? { locale: "en-GB" } : {}));
    await send(
      host,
      buyers.map((c) => order(c, { orderId: "o-1", at: "2026-05-04T07:00:00.000Z", categories: ["phones"] })),
    );
    // the charger sells out after the trigger, before the send (checked at send time)
    await sendProducts([
      productUpdated({
        productId: "charger",
        at: "2026-05-10T08:00:00.000Z",
        title: "Fast Charger",
        available: false,
      }),
    ]);

    // when: ten days later, at 10:00 Berlin time
    await dispatch(host, "2026-05-14T08:01:00.000Z");

    // then: every buyer has one mail with the case and the strap, linked, priced for their locale
    for (const buyer of buyers) {
      const mails = await mailsOf(host, buyer, "cross-sell");
      expect(mails, buyer.id).toHaveLength(1);
      const [mail] = mails;
      const german = buyer.locale.startsWith("de");
      expectMarketingMail(
        mail,
        buyer,
        german ? "Passend zu Ihrer Bestellung" : "Something to go with your order",
      );
      const html = mail?.body.html ?? "";
      const text = mail?.body.text ?? "";
      for (const shown of ["Leather Case", "Wrist Strap"]) {
        expect(html, buyer.id).toContain(shown);
        expect(text, buyer.id).toContain(shown);
      }
      // The layout tags every link to the shop for its analytics.
      expect(html).toMatch(
        /href="https:\/\/shop\.example\/products\/case\?utm_source=stammkunde&(amp;)?utm_medium=email&(amp;)?utm_campaign=cross-sell"/,
      );
      expect(html).toContain('alt="Leather Case"');
      // Intl puts a no-break space before the euro sign in German.
      expect(text).toMatch(german ? /29,90\u00a0€/ : /€29\.90/);
      for (const hidden of ["Fast Charger", "USB Cable", "Old Case", "Espresso Beans"]) {
        expect(html, `${buyer.id}: ${hidden}`).not.toContain(hidden);
        expect(text, `${buyer.id}: ${hidden}`).not.toContain(hidden);
      }
      // newest first: the strap (updated 05-03) before the case (05-01)
      expect(text.indexOf("Wrist Strap")).toBeLessThan(text.indexOf("Leather Case"));
    }
  });

  it("skips the mail (no-products) when nothing of the related category is available", async () => {
    // given: bike parts are only sold out; shoe care only deleted
    await sendProducts([
      productUpdated({
        productId: "chain",
        at: "2026-05-15T08:00:00.000Z",
        category: "bike-parts",
        available: false,
      }),
      productUpdated({ productId: "polish", at: "2026-05-15T08:00:00.000Z", category: "shoe-care" }),
      productDeleted({ productId: "polish", at: "2026-05-16T08:00:00.000Z" }),
    ]);
    const biker = await givenCustomer(host);
    const walker = await givenCustomer(host);
    await send(host, [
      order(biker, { orderId: "o-1", at: "2026-05-18T07:00:00.000Z", categories: ["bikes"] }),
      order(walker, { orderId: "o-1", at: "2026-05-18T07:00:00.000Z", categories: ["shoes"] }),
    ]);

    // when
    await dispatch(host, "2026-05-28T08:01:00.000Z");

    // then: no mail, and the ledger says why
    for (const c of [biker, walker]) {
      expect(await mailsOf(host, c, "cross-sell"), c.id).toHaveLength(0);
      expect(await lastDecision(host, c, "cross-sell")).toMatchObject({
        status: "skipped",
        reason: "no-products",
      });
    }
  });

  it("sends the coupon follow-up with a block when something fits, without one when nothing does", async () => {
    // given: two coupon orders; cameras relate to accessories, coffee machines to coffee
    const first = await givenCustomer(host);
    const second = await givenCustomer(host);
    await send(host, [
      order(first, {
        orderId: "o-1",
        at: "2026-06-01T07:00:00.000Z",
        categories: ["cameras"],
        coupons: ["C1"],
      }),
      order(second, {
        orderId: "o-1",
        at: "2026-06-01T07:00:00.000Z",
        categories: ["coffee-machines"],
        coupons: ["C2"],
      }),
    ]);
    // every accessory is sold out or deleted by the time the thank-you goes out
    await sendProducts([
      productUpdated({
        productId: "case",
        at: "2026-06-02T08:00:00.000Z",
        title: "Leather Case",
        available: false,
      }),
      productUpdated({
        productId: "strap",
        at: "2026-06-02T08:00:00.000Z",
        title: "Wrist Strap",
        available: false,
      }),
    ]);

    // when
    await dispatch(host, "2026-06-08T08:01:00.000Z");

    // then: both thank-yous go out; the first with its words and no block, the second with the beans
    const [plain] = await mailsOf(host, first, "coupon-follow-up");
    expect(plain?.body.text).toContain("Ihren Gutschein C1");
    expect(plain?.body.html).not.toContain("shop.example/products/");
    for (const part of [plain?.body.text, plain?.body.html])
      expect(part).not.toContain("stammkunde:products");
    const [withBlock] = await mailsOf(host, second, "coupon-follow-up");
    expect(withBlock?.body.text).toContain("Ihren Gutschein C2");
    expect(withBlock?.body.html).toContain('href="https://shop.example/products/beans?utm_source=stammkunde');
    expect(withBlock?.body.text).toContain("Espresso Beans");
  });
});
