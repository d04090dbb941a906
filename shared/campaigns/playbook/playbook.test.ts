import { describe, expect, it } from "vitest";
import { viewProfile } from "../../domain/profile-view";
import { EXAMPLE_SETTINGS } from "../../email/brand";
import { loadCampaigns } from "../catalog";
import { composeMail } from "../compose";
import { matches } from "../conditions";
import { TEMPLATE_VARIABLES, templateVars } from "../render";
import { CROSS_SELL, crossSellFor } from "./config";
import { DAY_ONE_CAMPAIGNS } from "./index";

const orderEvent = (categories: string[]) => ({
  type: "order.placed",
  data: { orderId: "o-1", items: categories.map((category) => ({ category, quantity: 1 })) },
});

describe("conditions on the lines of an order", () => {
  const inPhones = { path: "event.data.items.category", op: "in" as const, value: ["phones"] };

  it("match when any line's category is in the set", () => {
    expect(matches(inPhones, { event: orderEvent(["books", "phones"]), profile: {} })).toBe(true);
    expect(matches(inPhones, { event: orderEvent(["books"]), profile: {} })).toBe(false);
    expect(matches(inPhones, { event: orderEvent([]), profile: {} })).toBe(false);
  });

  it("still read one line by its index, and a single value as before", () => {
    const first = { path: "event.data.items.0.category", op: "eq" as const, value: "books" };
    expect(matches(first, { event: orderEvent(["books", "phones"]), profile: {} })).toBe(true);
    const scalar = { path: "profile.locale", op: "in" as const, value: ["de", "en"] };
    expect(matches(scalar, { event: {}, profile: { locale: "de" } })).toBe(true);
    expect(matches(scalar, { event: {}, profile: { locale: "fr" } })).toBe(false);
  });
});

describe("the cross-sell map", () => {
  it("suggests the related category of the first mapped line", () => {
    expect(crossSellFor(["books", "phones", "bikes"])).toBe(CROSS_SELL.phones);
    expect(crossSellFor(["books"])).toBeUndefined();
  });

  it("fills crossSellCategory from the trigger order's lines, not from the profile", () => {
    const profile = viewProfile({ shop: "default", customerKey: "id:c-1", facts: {} });
    expect(templateVars(profile, orderEvent(["bikes"]), {}).crossSellCategory).toBe("bike-parts");
    expect(templateVars(profile, { data: {} }, {}).crossSellCategory).toBeUndefined();
  });
});

describe("the day-one campaigns", () => {
  const campaigns = loadCampaigns().filter((c) => DAY_ONE_CAMPAIGNS.some((d) => d.id === c.id));
  const byId = (id: string) => campaigns.find((c) => c.id === id)!;

  it("render in German and English with no placeholder left, empty variables included", async () => {
    const empty = Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, undefined]));
    expect(campaigns).toHaveLength(DAY_ONE_CAMPAIGNS.length);
    for (const c of campaigns) {
      for (const locale of ["de", "en"]) {
        const vars = { ...empty, unsubscribeUrl: "https://u.example/x" };
        const mail = await composeMail(c, vars, { ...EXAMPLE_SETTINGS, customerLocale: locale });
        expect(mail.locale, c.id).toBe(locale);
        for (const part of [mail.subject, mail.html, mail.text]) expect(part, c.id).not.toMatch(/\{\{|\}\}/);
        expect(mail.text, c.id).toContain("https://u.example/x");
      }
    }
  });

  it("keep the reassurance free of selling: no recommendation, coupon or cart in its copy", () => {
    const copy = JSON.stringify(byId("post-purchase-reassurance").templates);
    for (const selling of ["crossSellCategory", "recommendedCategory", "couponCode", "checkoutUrl"])
      expect(copy).not.toContain(selling);
  });

  it("chain each onboarding tip to the opening of the previous one", () => {
    expect(byId("onboarding-tips-1").trigger.event).toBe("order.placed");
    for (const n of [2, 3]) {
      expect(byId(`onboarding-tips-${n}`).trigger).toMatchObject({
        event: "message.opened",
        where: [{ path: "event.data.campaignId", op: "eq", value: `onboarding-tips-${n - 1}` }],
      });
    }
  });

  it("ship the newsletter switched off, its re-send tied to the newsletter's own messages", () => {
    expect(byId("newsletter").enabled).toBe(false);
    expect(byId("newsletter-resend").trigger).toMatchObject({
      event: "message.sent",
      where: [{ value: "newsletter" }],
      correlate: "event.data.instanceId",
    });
    expect(byId("newsletter-resend").templates.de?.subject).not.toBe(
      byId("newsletter").templates.de?.subject,
    );
  });
});
