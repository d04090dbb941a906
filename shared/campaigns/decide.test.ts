import { describe, expect, it } from "vitest";
import type { ProfileView } from "../domain/profile-view";
import { loadCampaigns } from "./catalog";
import { DEFAULT_ENGINE_CONFIG, type DecisionInput, decide } from "./decide";

const campaigns = new Map(loadCampaigns().map((c) => [c.id, c]));
const cart = campaigns.get("high-value-cart");
const confirmation = campaigns.get("double-opt-in");

// A cart reminder due at 13:00 UTC (14:00 in Berlin, outside quiet hours), maximum deferral P2D.
const input = (over: Partial<DecisionInput>): DecisionInput => ({
  campaign: cart,
  instance: {
    triggeredAt: "2026-11-02T09:00:00.000Z",
    firstDueAt: "2026-11-02T13:00:00.000Z",
    trigger: { type: "checkout.updated", data: { checkoutId: "ch-1" } },
  },
  profile: {
    email: "c-1@example.com",
    timeZone: "Europe/Berlin",
    lastOrderAt: null,
    lifecycleStage: "new",
    consent: { email: { marketing: "granted" } },
  } as unknown as ProfileView,
  sends: [],
  now: new Date("2026-11-02T13:01:00.000Z"),
  config: DEFAULT_ENGINE_CONFIG,
  ...over,
});

describe("deciding a message found late", () => {
  it("sends a message found within its maximum deferral", () => {
    expect(decide(input({ now: new Date("2026-11-04T12:59:00.000Z") }))).toEqual({ kind: "send" });
  });

  it("skips it as expired-late once its due time plus the maximum deferral has passed", () => {
    expect(decide(input({ now: new Date("2026-11-04T13:01:00.000Z") }))).toEqual({
      kind: "skip",
      reason: "expired-late",
    });
  });

  it("still sends a late transactional mail (a confirmation the person asked for)", () => {
    const late = input({ campaign: confirmation, now: new Date("2026-11-20T13:00:00.000Z") });
    expect(decide(late)).toEqual({ kind: "send" });
  });
});

describe("deciding before the profile is stored", () => {
  it("retries in a minute when the profile is on its way, instead of skipping for good", () => {
    expect(decide(input({ profile: undefined, profilePending: true }))).toEqual({
      kind: "defer",
      until: "2026-11-02T13:02:00.000Z",
      reason: "profile-pending",
    });
  });

  it("skips as no-profile when none is coming (an erased customer)", () => {
    expect(decide(input({ profile: undefined }))).toEqual({ kind: "skip", reason: "no-profile" });
  });

  it("stops retrying at the maximum deferral", () => {
    const late = input({
      profile: undefined,
      profilePending: true,
      now: new Date("2026-11-04T12:59:30.000Z"),
    });
    expect(decide(late)).toEqual({ kind: "skip", reason: "expired-profile-pending" });
  });
});
