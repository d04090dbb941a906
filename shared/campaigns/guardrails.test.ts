import { describe, expect, it } from "vitest";
import type { ProfileView } from "../domain/profile-view";
import { InMemorySendStats } from "../persistence/send-stats";
import { DEFAULT_ENGINE_CONFIG, type DecisionInput, decide } from "./decide";
import { Campaign, type Priority } from "./definition";
import { breakerReader, type CountsReader, DEFAULT_BREAKER, isSunset, judge, windowDays } from "./guardrails";

const now = new Date("2026-11-02T12:00:00.000Z");
const counts = (sends: number, bounces = 0, complaints = 0) => ({ sends, bounces, complaints });

describe("the circuit breaker's judgement", () => {
  it("stays closed below the minimum volume, whatever the rates", () => {
    expect(judge(counts(499, 100, 100), DEFAULT_BREAKER).open).toBe(false);
  });

  it("opens above 0.1 % complaints and stays closed at exactly 0.1 %", () => {
    expect(judge(counts(1000, 0, 1), DEFAULT_BREAKER).open).toBe(false);
    expect(judge(counts(1000, 0, 2), DEFAULT_BREAKER)).toMatchObject({
      open: true,
      reason: "complaint-rate",
    });
  });

  it("opens above 2 % permanent bounces", () => {
    expect(judge(counts(1000, 20), DEFAULT_BREAKER).open).toBe(false);
    expect(judge(counts(1000, 21), DEFAULT_BREAKER)).toMatchObject({ open: true, reason: "bounce-rate" });
  });

  it("looks back over the configured number of UTC days, today first", () => {
    expect(windowDays(now, 3)).toEqual(["2026-11-02", "2026-11-01", "2026-10-31"]);
  });
});

describe("reading the breaker during a dispatch run", () => {
  it("reads the counters once per shop, not once per message", async () => {
    const stats = new InMemorySendStats();
    let reads = 0;
    const counting: CountsReader = {
      totals: (shop, days) => {
        reads++;
        return stats.totals(shop, days);
      },
    };
    const breaker = breakerReader(counting, now, DEFAULT_BREAKER);

    await Promise.all([breaker("a"), breaker("a"), breaker("a"), breaker("b")]);

    expect(reads).toBe(3); // shop a, shop b, and the global counters once
  });

  it("sums the window's days and ignores older ones", async () => {
    const stats = new InMemorySendStats();
    await stats.add("a", "2026-11-02T08:00:00Z", { sends: 600, complaints: 1 });
    await stats.add("a", "2026-10-30T08:00:00Z", { complaints: 1 });
    await stats.add("a", "2026-10-20T08:00:00Z", { complaints: 50 }); // outside 7 days

    const state = await breakerReader(stats, now, DEFAULT_BREAKER)("a");

    expect(state).toMatchObject({ open: true, scope: "shop", sends: 600, complaints: 2 });
  });

  it("opens for every shop when the deployment as a whole complains too much", async () => {
    const stats = new InMemorySendStats();
    await stats.add("noisy", "2026-11-02T08:00:00Z", { sends: 400, complaints: 3 });
    await stats.add("quiet", "2026-11-02T08:00:00Z", { sends: 400 });

    const state = await breakerReader(stats, now, DEFAULT_BREAKER)("quiet");

    expect(state).toMatchObject({ open: true, scope: "global", reason: "complaint-rate" });
  });
});

const profile = (engagement?: Record<string, string | null>): ProfileView =>
  ({
    shop: "default",
    customerId: "c-1",
    email: "c-1@example.com",
    timeZone: "Europe/Berlin",
    lastOrderAt: null,
    lifecycleStage: "new",
    consent: { email: { marketing: "granted" } },
    ...(engagement ? { engagement } : {}),
  }) as unknown as ProfileView;

describe("the sunset policy", () => {
  it("spares a new subscriber with no engagement data and no mail yet", () => {
    expect(isSunset(profile(), [], now)).toBe(false);
  });

  it("sunsets an address whose last open and click are over 12 months old", () => {
    const p = profile({ lastOpenAt: "2025-10-01T00:00:00.000Z", lastClickAt: "2025-09-01T00:00:00.000Z" });
    expect(isSunset(p, [], now)).toBe(true);
  });

  it("keeps an address that clicked within 12 months though it has not opened since", () => {
    const p = profile({ lastOpenAt: "2024-01-01T00:00:00.000Z", lastClickAt: "2026-01-01T00:00:00.000Z" });
    expect(isSunset(p, [], now)).toBe(false);
  });

  it("sunsets someone who never engaged once their first mail is over 12 months old, not before", () => {
    expect(isSunset(profile({ firstSentAt: "2025-10-30T00:00:00.000Z" }), [], now)).toBe(true);
    expect(isSunset(profile({ firstSentAt: "2025-11-30T00:00:00.000Z" }), [], now)).toBe(false);
  });
});

function campaign(priority: Priority): Campaign {
  return Campaign.parse({
    id: `test-${priority}`,
    name: "Test",
    description: "A test campaign.",
    priority,
    trigger: { event: "order.placed" },
    wait: { kind: "delay", duration: "PT1H" },
    exits: [],
    reentry: { kind: "once-ever" },
    holdout: 0,
    templates: { de: { subject: "s", html: "h", text: "t" }, en: { subject: "s", html: "h", text: "t" } },
  });
}

const input = (over: Partial<DecisionInput>): DecisionInput => ({
  campaign: campaign("promotional"),
  instance: {
    triggeredAt: "2026-11-02T10:00:00.000Z",
    firstDueAt: "2026-11-02T11:00:00.000Z",
    trigger: { type: "order.placed", data: {} },
  },
  profile: profile(),
  sends: [],
  now,
  config: DEFAULT_ENGINE_CONFIG,
  ...over,
});

describe("deciding with the guardrails", () => {
  it("defers promotional mail while the breaker is open, and says why", () => {
    expect(decide(input({ breaker: { open: true } }))).toEqual({
      kind: "defer",
      until: "2026-11-02T13:00:00.000Z",
      reason: "breaker-open",
    });
  });

  it("lets lifecycle and transactional mail through an open breaker", () => {
    for (const p of ["lifecycle", "transactional"] as const)
      expect(decide(input({ campaign: campaign(p), breaker: { open: true } }))).toEqual({ kind: "send" });
  });

  it("skips as expired once the breaker has held a message past its maximum deferral", () => {
    const late = new Date("2026-11-05T10:30:00.000Z");
    expect(decide(input({ now: late, breaker: { open: true } }))).toEqual({
      kind: "skip",
      reason: "expired-breaker-open",
    });
  });

  it("skips marketing mail to a sunset address, but not transactional mail", () => {
    const lapsed = profile({ lastOpenAt: "2025-01-01T00:00:00.000Z" });
    expect(decide(input({ profile: lapsed }))).toEqual({ kind: "skip", reason: "sunset" });
    expect(decide(input({ profile: lapsed, campaign: campaign("lifecycle") }))).toEqual({
      kind: "skip",
      reason: "sunset",
    });
    expect(decide(input({ profile: lapsed, campaign: campaign("transactional") }))).toEqual({ kind: "send" });
  });

  it("honours a configured sunset period", () => {
    const lapsed = profile({ lastOpenAt: "2025-01-01T00:00:00.000Z" });
    const config = { ...DEFAULT_ENGINE_CONFIG, sunsetMonths: 24 };
    expect(decide(input({ profile: lapsed, config }))).toEqual({ kind: "send" });
  });
});

describe("inactive customers", () => {
  const inactive = { ...profile(), lifecycleStage: "inactive" } as ProfileView;

  it("get no lifecycle, promotional or service mail, and are told apart in the ledger", () => {
    for (const p of ["lifecycle", "promotional", "service"] as const)
      expect(decide(input({ profile: inactive, campaign: campaign(p) }))).toEqual({
        kind: "skip",
        reason: "inactive-customer",
      });
  });

  it("still get transactional mail, and at-risk customers still get marketing mail", () => {
    expect(decide(input({ profile: inactive, campaign: campaign("transactional") }))).toEqual({
      kind: "send",
    });
    const atRisk = { ...profile(), lifecycleStage: "at-risk" } as ProfileView;
    expect(decide(input({ profile: atRisk, campaign: campaign("lifecycle") }))).toEqual({ kind: "send" });
  });
});
