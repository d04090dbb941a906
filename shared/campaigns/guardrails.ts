import type { ProfileView } from "../domain/profile-view";

/**
 * Deliverability guardrails: the circuit breaker (pause promotional mail while complaints or
 * bounces run high) and the sunset policy (no marketing mail to addresses that stopped engaging).
 * Pure rules here; the counters they read live in shared/persistence/send-stats.ts.
 */

/** Sends, permanent bounces and complaints counted over some days. */
export interface SendCounts {
  sends: number;
  bounces: number;
  complaints: number;
}

export interface BreakerConfig {
  /** Open above this share of complaints per send (0.001 = 0.1 %, the mailbox providers' limit). */
  maxComplaintRate: number;
  /** Open above this share of permanent bounces per send (0.02 = 2 %). */
  maxBounceRate: number;
  /** The rolling window, in UTC days including today. */
  windowDays: number;
  /** Below this many sends in the window the rates say too little to judge: the breaker stays closed. */
  minSends: number;
  /** How long a paused message waits before dispatch looks again. */
  recheckMinutes: number;
}

export const DEFAULT_BREAKER: BreakerConfig = {
  maxComplaintRate: 0.001,
  maxBounceRate: 0.02,
  windowDays: 7,
  minSends: 500,
  recheckMinutes: 60,
};

export type BreakerReason = "complaint-rate" | "bounce-rate";

export interface BreakerState extends SendCounts {
  open: boolean;
  /** Which counters tripped it: the shop's own or the whole deployment's (one SES reputation). */
  scope?: "shop" | "global";
  reason?: BreakerReason;
}

/** Whether counts over the window trip the breaker. */
export function judge(counts: SendCounts, config: BreakerConfig): BreakerState {
  const closed = { ...counts, open: false };
  if (counts.sends < config.minSends || counts.sends === 0) return closed;
  if (counts.complaints / counts.sends > config.maxComplaintRate)
    return { ...counts, open: true, reason: "complaint-rate" };
  if (counts.bounces / counts.sends > config.maxBounceRate)
    return { ...counts, open: true, reason: "bounce-rate" };
  return closed;
}

/** The UTC days (yyyy-mm-dd) of the rolling window ending at `now`, newest first. */
export function windowDays(now: Date, days: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < days; i++)
    out.push(new Date(now.getTime() - i * 86_400_000).toISOString().slice(0, 10));
  return out;
}

/** What the breaker needs from the counters (SendStats implements it). */
export interface CountsReader {
  /** Totals over the given days for one shop, or for every shop with `undefined`. */
  totals(shop: string | undefined, days: readonly string[]): Promise<SendCounts>;
}

/**
 * The breaker state per shop, read once per dispatch run: the first promotional message of a shop
 * reads the counters (the shop's and the global ones), every later one reuses the answer. Either
 * tripping opens it: a shop with many complaints hurts the one SES reputation all shops share.
 */
export function breakerReader(
  counts: CountsReader,
  now: Date,
  config: BreakerConfig,
): (shop: string) => Promise<BreakerState> {
  const days = windowDays(now, config.windowDays);
  let global: Promise<BreakerState> | undefined;
  const perShop = new Map<string, Promise<BreakerState>>();
  return (shop) => {
    let state = perShop.get(shop);
    if (!state) {
      global ??= counts.totals(undefined, days).then((c) => judge(c, config));
      const g = global;
      state = counts.totals(shop, days).then(async (c) => {
        const own = judge(c, config);
        if (own.open) return { ...own, scope: "shop" as const };
        const all = await g;
        return all.open ? { ...all, scope: "global" as const } : own;
      });
      // A failed read is not cached: the next message tries again.
      state.catch(() => perShop.delete(shop));
      perShop.set(shop, state);
    }
    return state;
  };
}

/** Engagement facts on the profile view, when the view carries them (opens and clicks from SES). */
export interface EngagementView {
  lastOpenAt?: string | null;
  lastClickAt?: string | null;
  /** When the customer was first mailed; the sunset clock of someone who never engaged starts here. */
  firstSentAt?: string | null;
}

export const SUNSET_MONTHS = 12;

/**
 * Sunset: no marketing mail to an address with no open or click for `months`. Someone who never
 * opened is judged from their first mail; without any record of one (new subscribers, or profiles
 * from before engagement was recorded) they are not sunset, so a new subscriber always gets mail.
 * `sends` (the contact budget's recent sends) is the fallback record of a first mail.
 */
export function isSunset(
  profile: ProfileView,
  sends: readonly string[],
  now: Date,
  months: number = SUNSET_MONTHS,
): boolean {
  const engagement = (profile as ProfileView & { engagement?: EngagementView | null }).engagement ?? {};
  const cutoff = monthsBefore(now, months);
  const engaged = latest([engagement.lastOpenAt, engagement.lastClickAt]);
  if (engaged) return engaged < cutoff;
  const firstMail = earliest([engagement.firstSentAt, ...sends]);
  return firstMail !== undefined && firstMail < cutoff;
}

function monthsBefore(now: Date, months: number): string {
  const d = new Date(now.getTime());
  d.setUTCMonth(d.getUTCMonth() - months);
  return d.toISOString();
}

const valid = (xs: ReadonlyArray<string | null | undefined>) =>
  xs.filter((x): x is string => typeof x === "string" && !Number.isNaN(Date.parse(x)));
// ISO instants in UTC compare as strings only when formatted alike; normalise through Date.
const latest = (xs: ReadonlyArray<string | null | undefined>) => {
  const ts = valid(xs).map((x) => Date.parse(x));
  return ts.length ? new Date(Math.max(...ts)).toISOString() : undefined;
};
const earliest = (xs: ReadonlyArray<string | null | undefined>) => {
  const ts = valid(xs).map((x) => Date.parse(x));
  return ts.length ? new Date(Math.min(...ts)).toISOString() : undefined;
};
