import type { ProfileView } from "../domain/profile-view";
import { type BudgetRule, budgetFreeAt } from "./budget";
import { allMatch } from "./conditions";
import type { Campaign } from "./definition";
import { addDuration } from "./duration";
import { inLocalWindow, nextLocalTime } from "./local-time";

export interface EngineConfig {
  quietHours: { start: string; end: string };
  budget: readonly BudgetRule[];
  defaultTimeZone: string;
  /** How long a claim protects a message being sent; a crash is retried only after it. */
  leaseSeconds: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  quietHours: { start: "21:00", end: "08:00" },
  budget: [
    { limit: 1, window: "P1D" },
    { limit: 3, window: "P7D" },
  ],
  defaultTimeZone: "Europe/Berlin",
  leaseSeconds: 300,
};

export type Decision =
  | { kind: "send" }
  | { kind: "defer"; until: string; reason: "quiet-hours" | "budget" }
  | { kind: "skip"; reason: string }
  | { kind: "exit"; reason: string };

export interface DecisionInput {
  campaign: Campaign | undefined;
  instance: {
    triggeredAt: string;
    firstDueAt: string;
    trigger: { type: string; data: Record<string, unknown> };
  };
  profile: ProfileView | undefined;
  suppressed?: boolean;
  sends: readonly string[];
  now: Date;
  config: EngineConfig;
}

/** Counted against the contact budget and held back in quiet hours. */
export function isMarketing(campaign: Pick<Campaign, "priority">): boolean {
  return campaign.priority === "lifecycle" || campaign.priority === "promotional";
}

/**
 * The dispatch decision for one due message, re-checked at send time: exits, address, consent,
 * audience, quiet hours and the contact budget. Pure; what it defers it defers only until the
 * campaign's maximum deferral, after which the message is skipped as expired.
 */
export function decide(input: DecisionInput): Decision {
  const { campaign, instance, profile, now, config } = input;
  if (!campaign) return { kind: "skip", reason: "campaign-unknown" };
  if (!campaign.enabled) return { kind: "skip", reason: "campaign-disabled" };
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
  if (!transactional && profile.lifecycleStage === "inactive" && campaign.priority === "promotional") {
    return { kind: "skip", reason: "inactive-customer" };
  }
  const context = { event: instance.trigger, profile };
  if (campaign.audience.stages && !campaign.audience.stages.includes(profile.lifecycleStage)) {
    return { kind: "skip", reason: "audience" };
  }
  if (!allMatch(campaign.audience.where, context)) return { kind: "skip", reason: "audience" };

  const expiry = addDuration(instance.firstDueAt, campaign.maxDeferral);
  const deferUntil = (until: string, reason: "quiet-hours" | "budget"): Decision =>
    until > expiry ? { kind: "skip", reason: `expired-${reason}` } : { kind: "defer", until, reason };

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
