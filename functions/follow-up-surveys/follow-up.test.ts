import { describe, expect, it } from "vitest";
import { isFollowUp, SURVEY_LINK, surveyAnswerEventId } from "../../shared/domain/follow-up";
import { customerKeyOf } from "../../shared/domain/identity";
import { foldEvent, type ProfileState } from "../../shared/domain/profile";
import type { CanonicalEvent, EventOf } from "../../shared/events/catalog";
import type { StoredProfile } from "../../shared/persistence/profile-store";
import type { ReferralCodes } from "../../shared/persistence/survey-store";
import { normaliseReferralCode, referralCode } from "../../shared/surveys/referral-code";
import { orderPlaced } from "../../test/support/builders";
import { RecordingBus } from "../../test/support/recording-bus";
import { type FollowUpDeps, followUpSurvey } from "./follow-up";

const KEY = "test-token-key";

/** The store's contract in memory: `mustExist` writes only for a customer with a profile. */
class MemoryReferrals implements ReferralCodes {
  readonly codes = new Map<string, { owner: string; at: string }>();
  constructor(private readonly profiles: FollowUpDeps["profiles"]) {}
  async register(
    shop: string,
    customerKey: string,
    code: string,
    at: string,
    options: { mustExist?: boolean } = {},
  ) {
    if (options.mustExist && !(await this.profiles.load(shop, customerKey))) return "no-profile" as const;
    if (!this.codes.has(`${shop}|${code}`)) this.codes.set(`${shop}|${code}`, { owner: customerKey, at });
    return "registered" as const;
  }
  async ownerOf(shop: string, code: string) {
    return this.codes.get(`${shop}|${code}`)?.owner;
  }
  async customerOnFile(shop: string, customerKey: string) {
    return (await this.profiles.load(shop, customerKey)) !== undefined;
  }
}

/** Profiles as the profile writer would have folded these events. */
function profilesOf(events: CanonicalEvent[]): FollowUpDeps["profiles"] {
  const states = new Map<string, ProfileState>();
  for (const e of events) {
    const key = `${e.shop}|${customerKeyOf(e.customer)}`;
    states.set(key, foldEvent(states.get(key), e).state);
  }
  return {
    load: async (shop, customerKey): Promise<StoredProfile | undefined> => {
      const state = states.get(`${shop}|${customerKey}`);
      return state ? { state, version: 1 } : undefined;
    },
  };
}

function given(history: CanonicalEvent[] = []) {
  const bus = new RecordingBus();
  const profiles = profilesOf(history);
  const referrals = new MemoryReferrals(profiles);
  const deps: FollowUpDeps = {
    profiles,
    referrals,
    bus,
    codeOf: (shop, customerKey) => referralCode(KEY, shop, customerKey),
  };
  return { bus, referrals, deps };
}

const answer = (score: number, customer: CanonicalEvent["customer"] = { id: "anna" }): CanonicalEvent => ({
  id: `survey:${score}`,
  shop: "default",
  type: "survey.answered",
  occurredAt: "2026-11-16T09:30:00.000Z",
  customer,
  data: { surveyId: "s-1", score, orderId: "o-1" },
});
/** The same answer as our survey page sends it: its id and source mark it as a follow-up. */
const linkAnswer = (score: number): CanonicalEvent => {
  const event = answer(score);
  return {
    ...event,
    id: surveyAnswerEventId("default", "id:anna", "s-1"),
    data: { ...(event.data as object), source: SURVEY_LINK.source },
  } as CanonicalEvent;
};
const annasCode = referralCode(KEY, "default", "id:anna");
const anna = { id: "anna", email: "anna@example.com" };

describe("after a survey answer", () => {
  it("tells the service team about a detractor with one customer.detractor, the same for a redelivery", async () => {
    const { bus, referrals, deps } = given();

    expect(await followUpSurvey(answer(4), deps)).toBe("detractor");
    await followUpSurvey(answer(4), deps);

    const [first, again] = bus.published.map((e) => e.detail as EventOf<"customer.detractor">);
    expect(first).toMatchObject({
      type: "customer.detractor",
      customer: { id: "anna" },
      occurredAt: "2026-11-16T09:30:00.000Z",
      data: { surveyId: "s-1", score: 4, orderId: "o-1" },
    });
    expect(again).toEqual(first);
    expect(referrals.codes.size).toBe(0);
  });

  it("registers a promoter's code, under the code the promoter mail shows", async () => {
    const { bus, referrals, deps } = given();

    expect(await followUpSurvey(answer(9), deps)).toBe("referral-registered");

    expect(await referrals.ownerOf("default", normaliseReferralCode(annasCode)!)).toBe("id:anna");
    expect(bus.published).toHaveLength(0);
  });

  it("does nothing more for a passive", async () => {
    const { bus, referrals, deps } = given();

    expect(await followUpSurvey(answer(7), deps)).toBe("passive");
    expect(bus.published).toHaveLength(0);
    expect(referrals.codes.size).toBe(0);
  });
});

describe("after an answer through our survey link", () => {
  const annaOnFile = [orderPlaced({ id: "anna-o", customer: anna, at: "2026-11-01T10:00:00.000Z" })];

  it("follows up a customer on file, and marks the detractor event as the link's follow-up", async () => {
    const { bus, referrals, deps } = given(annaOnFile);

    expect(await followUpSurvey(linkAnswer(10), deps)).toBe("referral-registered");
    expect(await followUpSurvey(linkAnswer(3), deps)).toBe("detractor");

    expect(await referrals.ownerOf("default", normaliseReferralCode(annasCode)!)).toBe("id:anna");
    const [detractor] = bus.published.map((e) => e.detail as CanonicalEvent);
    expect(detractor).toMatchObject({ type: "customer.detractor", data: { source: SURVEY_LINK.source } });
    // So that an erase landing between the read and the publish starts no journey either.
    expect(isFollowUp(detractor!)).toBe(true);
  });

  it.each([
    ["a promoter", 10],
    ["a detractor", 2],
  ])("writes and publishes nothing for %s without a profile (erased after answering)", async (_, score) => {
    const { bus, referrals, deps } = given();

    expect(await followUpSurvey(linkAnswer(score), deps)).toBe("no-profile");

    expect(referrals.codes.size).toBe(0);
    expect(bus.published).toHaveLength(0);
  });

  it("still follows up a shop's own answer before its profile is written (the profile writer creates one)", async () => {
    const { bus, referrals, deps } = given();

    expect(await followUpSurvey(answer(10), deps)).toBe("referral-registered");
    expect(await followUpSurvey(answer(1), deps)).toBe("detractor");

    expect(referrals.codes.size).toBe(1);
    expect(isFollowUp(bus.published[0]!.detail as CanonicalEvent)).toBe(false);
  });

  it("does not pass our link's source on from a shop's own answer that names it", async () => {
    const { bus, deps } = given();
    const shopAnswer = answer(2);
    const named = {
      ...shopAnswer,
      id: "shop-tool:answer-2",
      data: { ...(shopAnswer.data as object), source: SURVEY_LINK.source },
    };

    expect(await followUpSurvey(named as CanonicalEvent, deps)).toBe("detractor");

    const detractor = bus.published[0]!.detail as EventOf<"customer.detractor">;
    expect(detractor.data).not.toHaveProperty("source");
    expect(isFollowUp(detractor)).toBe(false);
  });
});

describe("an order with a referral code", () => {
  const bensFirst = orderPlaced({
    id: "ben-o-1",
    customer: { id: "ben", email: "ben@example.com" },
    orderId: "b-1",
    at: "2026-11-20T12:00:00.000Z",
    coupons: ["WELCOME10", annasCode.toLowerCase()],
  });

  const withCoupons = (coupons: string[]) =>
    orderPlaced({
      id: "ben-o-1",
      customer: { id: "ben" },
      orderId: "b-1",
      at: "2026-11-20T12:00:00.000Z",
      coupons,
    });

  async function promoted(history: CanonicalEvent[]) {
    const g = given([
      orderPlaced({ id: "anna-o", customer: anna, at: "2026-11-01T10:00:00.000Z" }),
      ...history,
    ]);
    await followUpSurvey(answer(10), g.deps);
    return g;
  }

  it("rewards the promoter and the new customer with one referral.rewarded", async () => {
    const { bus, deps } = await promoted([]);

    expect(await followUpSurvey(bensFirst, deps)).toBe("rewarded");

    expect(bus.published.map((e) => e.detail)).toEqual([
      expect.objectContaining({
        type: "referral.rewarded",
        customer: { id: "anna" },
        occurredAt: "2026-11-20T12:00:00.000Z",
        data: {
          code: annasCode.toLowerCase(),
          orderId: "b-1",
          referee: { id: "ben" },
          coupon: { amount: { amount: "10.00", currency: "EUR" } },
        },
      }),
    ]);
  });

  it("rewards a new customer once, whatever is delivered again", async () => {
    const { bus, deps } = await promoted([]);

    await followUpSurvey(bensFirst, deps);
    await followUpSurvey(bensFirst, deps);

    const ids = bus.published.map((e) => (e.detail as CanonicalEvent).id);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(1);
  });

  it("rewards nothing for a customer who ordered before, even when that order arrives late", async () => {
    const earlier = orderPlaced({
      id: "ben-o-0",
      customer: { id: "ben" },
      orderId: "b-0",
      at: "2026-10-01T10:00:00.000Z",
    });
    const { bus, deps } = await promoted([earlier]);

    expect(await followUpSurvey(bensFirst, deps)).toBe("not-first-order");
    expect(bus.published).toHaveLength(0);
  });

  it("still rewards the first order when the second was folded first (out of order)", async () => {
    const second = orderPlaced({
      id: "ben-o-2",
      customer: { id: "ben" },
      orderId: "b-2",
      at: "2026-12-01T10:00:00.000Z",
    });
    const { deps } = await promoted([second]);

    expect(await followUpSurvey(bensFirst, deps)).toBe("rewarded");
  });

  it("rewards nobody for their own code, under their id or their address", async () => {
    const { bus, deps } = await promoted([]);
    const own = (customer: CanonicalEvent["customer"], id: string) =>
      orderPlaced({ id, customer, orderId: id, at: "2026-11-21T10:00:00.000Z", coupons: [annasCode] });

    expect(await followUpSurvey(own({ id: "anna" }, "a-2"), deps)).toBe("self-referral");
    expect(await followUpSurvey(own({ email: "anna@example.com" }, "g-1"), deps)).toBe("self-referral");
    expect(bus.published).toHaveLength(0);
  });

  it("rewards another promoter's code on the same order as the buyer's own", async () => {
    const { bus, deps } = await promoted([]);
    await followUpSurvey(answer(10, { id: "ben" }), deps);
    const bensCode = referralCode(KEY, "default", "id:ben");

    expect(await followUpSurvey(withCoupons([bensCode, annasCode]), deps)).toBe("rewarded");
    expect(bus.published.map((e) => e.detail)).toEqual([
      expect.objectContaining({ type: "referral.rewarded", customer: { id: "anna" } }),
    ]);
  });

  it("ignores codes nobody was given: an unregistered code, another shop's, a plain coupon", async () => {
    const { bus, deps } = await promoted([]);
    const other = referralCode(KEY, "default", "id:nobody");

    for (const coupons of [[other], ["WELCOME10"]])
      expect(await followUpSurvey(withCoupons(coupons), deps)).toBe("no-referral-code");
    expect(await followUpSurvey({ ...bensFirst, shop: "other-shop" }, deps)).toBe("no-referral-code");
    expect(bus.published).toHaveLength(0);
  });
});
