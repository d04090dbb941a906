import type { ProfileView } from "../domain/profile-view";
import { type BudgetRule, budgetFreeAt, DEFAULT_BUDGET } from "./budget";
import { allMatch } from "./conditions";
import type { Campaign } from "./definition";
import { addDuration } from "./duration";
import { type BreakerConfig, isSunset, SUNSET_MONTHS } from "./guardrails";
import { holdoutShare, inHoldout } from "./holdout";
import { inLocalWindow, nextLocalTime } from "./local-time";

export interface EngineConfig {
  quietHours: { start: string; end: string };
  budget: readonly BudgetRule[];
  defaultTimeZone: string;
  /** How long a claim protects a message being sent; a crash is retried only after it. */
  leaseSeconds: number;
  /** Replaces every campaign's holdout share (`CAMPAIGN_HOLDOUT`; the local test host sets 0). */
  holdoutOverride?: number;
  /** The deliverability circuit breaker's thresholds (./guardrails.ts, DEFAULT_BREAKER). */
  breaker?: BreakerConfig;
  /** No marketing mail after this many months without an open or click (default 12). */
  sunsetMonths?: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  quietHours: { start: "21:00", end: "08:00" },
  budget: DEFAULT_BUDGET,
  defaultTimeZone: "Europe/Berlin",
  leaseSeconds: 300,
};

export type Decision =
  | { kind: "send" }
  | { kind: "defer"; until: string; reason: DeferReason }
  | { kind: "skip"; reason: string }
  | { kind: "exit"; reason: string };

type DeferReason = "quiet-hours" | "budget" | "breaker-open" | "profile-pending";

/** How long a marketing send waits for a new customer's profile before retrying. */
const PROFILE_RETRY_MS = 60_000;

export interface DecisionInput {
  campaign: Campaign | undefined;
  instance: {
    /** Decides the holdout group; absent, nobody is held back. */
    customerKey?: string;
    triggeredAt: string;
    firstDueAt: string;
    trigger: { type: string; data: Record<string, unknown> };
  };
  profile: ProfileView | undefined;
  suppressed?: boolean;
  /** The circuit breaker (complaint / bounce rates) for the instance's shop; read once per dispatch run. */
  breaker?: { open: boolean };
  sends: readonly string[];
  now: Date;
  config: EngineConfig;
  /**
   * The profile is not written yet but its event is on the way (an immediate send raced the
   * profile writer): retried in a minute, up to the maximum deferral, instead of skipped for good.
   */
  profilePending?: boolean;
}

/** Counted against the contact budget and held back in quiet hours. */
export function isMarketing(campaign: Pick<Campaign, "priority">): boolean {
  return campaign.priority === "lifecycle" || campaign.priority === "promotional";
}

/**
 * The dispatch decision for one due message, re-checked at send time: exits, address, consent,
 * inactive customers, sunset, audience, quiet hours and the contact budget. Pure; what it defers it defers only until the
 * campaign's maximum deferral, after which the message is skipped as expired.
 */
export function decide(input: DecisionInput): Decision {
  const { campaign, instance, profile, now, config } = input;
  if (!campaign) return { kind: "skip", reason: "campaign-unknown" };
  if (!campaign.enabled) return { kind: "skip", reason: "campaign-disabled" };
  const expiry = addDuration(instance.firstDueAt, campaign.maxDeferral);
  const deferUntil = (until: string, reason: DeferReason): Decision =>
    until > expiry ? { kind: "skip", reason: `expired-${reason}` } : { kind: "defer", until, reason };
  if (!profile && input.profilePending)
    return deferUntil(new Date(now.getTime() + PROFILE_RETRY_MS).toISOString(), "profile-pending");
  if (!profile) return { kind: "skip", reason: "no-profile" };
  if (
    campaign.exits.some((e) => e.kind === "order-since") &&
    profile.lastOrderAt &&
    profile.lastOrderAt > instance.triggeredAt
  ) {
    return { kind: "exit", reason: "order-since" };
  }
  if (!profile.email) return { kind: "skip", reason: "no-email" };
  if (input.suppressed) return { kind: "skip", reason: "suppressed" };
  const transactional = campaign.priority === "transactional";
  if (!transactional && profile.consent.email.marketing !== "granted")
    return { kind: "skip", reason: "no-consent" };
  // Inactive (the churn sweep's mark, after the reactivation's two attempts went unanswered):
  // only transactional mail until the next order clears the mark.
  if (!transactional && profile.lifecycleStage === "inactive") {
    return { kind: "skip", reason: "inactive-customer" };
  }
  if (isMarketing(campaign) && isSunset(profile, input.sends, now, config.sunsetMonths ?? SUNSET_MONTHS)) {
    return { kind: "skip", reason: "sunset" };
  }
  const context = { event: instance.trigger, profile };
  if (campaign.audience.stages && !campaign.audience.stages.includes(profile.lifecycleStage)) {
    return { kind: "skip", reason: "audience" };
  }
  if (!allMatch(campaign.audience.where, context)) return { kind: "skip", reason: "audience" };
  // Eligible from here on: the control group is recorded now, before quiet hours and budget, so
  // treatment and control are compared as assigned (intent to treat).
  const holdout = holdoutShare(campaign, config.holdoutOverride);
  if (instance.customerKey !== undefined && inHoldout(campaign.id, instance.customerKey, holdout)) {
    return { kind: "skip", reason: "holdout" };
  }

  // Found only after its maximum deferral (a trigger redriven days late, a profile date already
  // past, dispatch down for days): too late to be the mail it was meant to be. Transactional mail
  // (a confirmation the person asked for) still goes out.
  if (campaign.priority !== "transactional" && now.toISOString() > expiry)
    return { kind: "skip", reason: "expired-late" };

  // Not the customer's doing: the message waits (until its maximum deferral) instead of being dropped.
  if (campaign.priority === "promotional" && input.breaker?.open) {
    const recheck = (config.breaker?.recheckMinutes ?? 60) * 60_000;
    return deferUntil(new Date(now.getTime() + recheck).toISOString(), "breaker-open");
  }
  if (!transactional) {
    const zone = profile.timeZone ?? config.defaultTimeZone;
    if (inLocalWindow(now, zone, config.quietHours.start, config.quietHours.end)) {
      return deferUntil(nextLocalTime(now, zone, config.quietHours.end).toISOString(), "quiet-hours");
    }
  }
  if (isMarketing(campaign)) {
    const freeAt = budgetFreeAt(input.sends, now, config.budget);
    if (freeAt) return deferUntil(freeAt, "budget");
  }
  return { kind: "send" };
}
