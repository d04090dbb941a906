import { isFollowUp } from "../domain/follow-up";
import { customerKeyOf } from "../domain/identity";
import { foldEvent } from "../domain/profile";
import { type ProfileView, viewProfile } from "../domain/profile-view";
import type { CanonicalEvent } from "../events/catalog";
import type { ErasureGuard } from "../persistence/erasure-guard";
import type { JourneyInstance, JourneyStore } from "../persistence/journey-store";
import type { ProfileStore } from "../persistence/profile-store";
import { allMatch, resolvePath } from "./conditions";
import type { Campaign } from "./definition";
import { addDuration, durationMs } from "./duration";
import { nextLocalTime } from "./local-time";

export interface TrackDeps {
  journeys: JourneyStore;
  profiles: ProfileStore;
  campaigns: readonly Campaign[];
  defaultTimeZone: string;
  now: () => Date;
  /**
   * Sends a message whose campaign does not wait, at once (not at the next dispatch), with the
   * profile as this event makes it (the profile writer may not have stored it yet).
   */
  deliverNow: (instance: JourneyInstance, folded: ProfileView) => Promise<unknown>;
  /** Erase guards: what this event wrote for a customer erased after it is deleted again. */
  erasures?: ErasureGuard;
}

export interface TrackSummary {
  created: string[];
  duplicates: string[];
  exited: string[];
  /**
   * `no-profile`: a follow-up for a customer not on file, nothing looked at or written; `erased`:
   * the customer was erased after this event, and what it wrote is deleted again.
   */
  ignored?: "no-profile" | "erased";
}

/**
 * Reacts to one event for the campaign engine: first exits (the same checkout completed, an order
 * since, consent revoked), then triggers, each creating at most one instance per customer,
 * campaign and correlation key. The profile is read and this event folded into it in memory, so
 * conditions see it whether or not the profile writer has already applied it.
 * A follow-up (a late open, a click on our link) for a customer without a profile starts and ends
 * nothing: after an erase, an instance or an exit tombstone would name the person again.
 */
export async function trackJourneys(event: CanonicalEvent, deps: TrackDeps): Promise<TrackSummary> {
  const customerKey = customerKeyOf(event.customer);
  const stored = await deps.profiles.load(event.shop, customerKey, { consistent: true });
  const summary: TrackSummary = { created: [], duplicates: [], exited: [] };
  if (!stored && isFollowUp(event)) return { ...summary, ignored: "no-profile" };
  const profile = viewProfile(foldEvent(stored?.state, event).state);
  const context = { event, profile };
  const at = deps.now().toISOString();

  let instances: JourneyInstance[] | undefined;
  const all = async () => {
    if (!instances) instances = await deps.journeys.listForCustomer(event.shop, customerKey);
    return instances;
  };
  const waiting = async (campaignId?: string) => {
    return (await all()).filter(
      (i) => i.status === "scheduled" && (campaignId === undefined || i.campaignId === campaignId),
    );
  };
  const exit = async (instance: JourneyInstance, reason: string) => {
    const entry = { at, decision: "exited" as const, reason };
    if (await deps.journeys.finish(instance, "exited", entry, { kind: "scheduled" })) {
      summary.exited.push(`${instance.campaignId}/${instance.key}`);
    }
  };
  // Everything this event wrote, for the erase guard's check at the end.
  const written: JourneyInstance[] = [];

  for (const campaign of deps.campaigns) {
    for (const rule of campaign.exits) {
      if (rule.kind === "order-since" && event.type === "order.placed") {
        for (const i of await waiting(campaign.id))
          if (i.triggeredAt < event.occurredAt) await exit(i, "order-since");
      }
      if (rule.kind !== "event" || rule.event !== event.type || !allMatch(rule.where, context)) continue;
      if (!rule.sameKey) {
        for (const i of await waiting(campaign.id)) await exit(i, `event:${event.type}`);
        continue;
      }
      const key = correlationKey(campaign, context);
      if (key === undefined) continue;
      // One conditional write on the instance's own key: exits a waiting instance, or leaves a
      // tombstone that makes a later trigger a duplicate, whichever of the two arrives first.
      const ref = { shop: event.shop, customerKey, campaignId: campaign.id, key };
      const reason = `event:${event.type}`;
      const done = await deps.journeys.exitByKey(tombstone(ref, event, at), {
        at,
        decision: "exited",
        reason,
      });
      if (done === "exited") summary.exited.push(`${campaign.id}/${key}`);
      if (done === "tombstone") written.push(tombstone(ref, event, at));
    }
  }
  if (event.type === "consent.revoked") {
    for (const i of await waiting()) if (i.priority !== "transactional") await exit(i, "consent-revoked");
  }

  for (const campaign of deps.campaigns) {
    if (!campaign.enabled || campaign.trigger.event !== event.type) continue;
    if (!allMatch(campaign.trigger.where, context) || !inAudience(campaign, profile, context)) continue;
    const key = instanceKey(campaign, context, event);
    const cooldown =
      campaign.reentry.kind === "cooldown"
        ? { since: cooldownStart(event.occurredAt, campaign.reentry) }
        : undefined;
    if (cooldown) {
      // Instances from before the guard item existed count too; the guard decides races.
      const recent = (await all()).some(
        (i) => i.campaignId === campaign.id && i.triggeredAt > cooldown.since,
      );
      if (recent) continue;
    }
    const dueAt = dueTime(campaign, event, profile, deps.defaultTimeZone);
    if (dueAt === undefined) continue;
    const instance: JourneyInstance = {
      shop: event.shop,
      customerKey,
      campaignId: campaign.id,
      key,
      status: "scheduled",
      priority: campaign.priority,
      triggerEventId: event.id,
      triggeredAt: event.occurredAt,
      firstDueAt: dueAt,
      dueAt,
      trigger: { type: event.type, data: event.data as Record<string, unknown> },
      attempts: 0,
      ledger: [{ at, decision: "scheduled", until: dueAt }],
    };
    const created = await deps.journeys.create(instance, cooldown);
    if (created === "duplicate") {
      summary.duplicates.push(`${campaign.id}/${key}`);
      continue;
    }
    if (created === "cooling") continue;
    summary.created.push(`${campaign.id}/${key}`);
    written.push(instance);
  }
  if (written.length > 0 && (await erasedSince(event, customerKey, deps))) {
    await deps.journeys.remove(written);
    return { created: [], duplicates: summary.duplicates, exited: summary.exited, ignored: "erased" };
  }
  for (const instance of written) {
    if (
      deps.campaigns.find((c) => c.id === instance.campaignId)?.wait.kind === "none" &&
      instance.status === "scheduled"
    )
      await deps.deliverNow(instance, profile);
  }
  return summary;
}

/** Whether the customer was erased at or after this event (the guard is read after the writes). */
async function erasedSince(event: CanonicalEvent, customerKey: string, deps: TrackDeps): Promise<boolean> {
  const erasedAt = await deps.erasures?.erasedAt(event.shop, customerKey);
  return erasedAt !== undefined && event.occurredAt <= erasedAt;
}

function correlationKey(
  campaign: Campaign,
  context: { event: unknown; profile: unknown },
): string | undefined {
  if (!campaign.trigger.correlate) return "once";
  const value = resolvePath(context, campaign.trigger.correlate);
  return value === undefined || value === null ? undefined : String(value);
}

function instanceKey(
  campaign: Campaign,
  context: { event: unknown; profile: unknown },
  event: CanonicalEvent,
): string {
  if (campaign.reentry.kind === "once-ever") return "once";
  if (campaign.reentry.kind === "once-per-key") return correlationKey(campaign, context) ?? "once";
  return correlationKey(campaign, context) ?? `event:${event.id}`;
}

function cooldownStart(occurredAt: string, reentry: Campaign["reentry"]): string {
  return reentry.kind === "cooldown"
    ? new Date(Date.parse(occurredAt) - durationMs(reentry.duration)).toISOString()
    : occurredAt;
}

function inAudience(
  campaign: Campaign,
  profile: ProfileView,
  context: { event: unknown; profile: unknown },
): boolean {
  if (campaign.audience.stages && !campaign.audience.stages.includes(profile.lifecycleStage)) return false;
  return allMatch(campaign.audience.where, context);
}

/** When the campaign's wait ends for this trigger; undefined when a profile date it waits for is missing. */
export function dueTime(
  campaign: Campaign,
  event: CanonicalEvent,
  profile: ProfileView,
  defaultZone: string,
): string | undefined {
  const wait = campaign.wait;
  switch (wait.kind) {
    case "none":
      return event.occurredAt;
    case "delay":
      return addDuration(event.occurredAt, wait.duration);
    case "local-time": {
      const earliest = new Date(addDuration(event.occurredAt, wait.after));
      return nextLocalTime(
        new Date(earliest.getTime() - 1),
        profile.timeZone ?? defaultZone,
        wait.at,
      ).toISOString();
    }
    case "profile-date": {
      const date = resolvePath({ event, profile }, wait.path);
      if (typeof date !== "string" || Number.isNaN(Date.parse(date))) return undefined;
      const negative = wait.offset.startsWith("-");
      const ms = durationMs(negative ? wait.offset.slice(1) : wait.offset);
      return new Date(Date.parse(date) + (negative ? -ms : ms)).toISOString();
    }
  }
}

function tombstone(
  ref: Pick<JourneyInstance, "shop" | "customerKey" | "campaignId" | "key">,
  event: CanonicalEvent,
  at: string,
): JourneyInstance {
  return {
    ...ref,
    status: "exited",
    priority: "lifecycle",
    triggerEventId: event.id,
    triggeredAt: event.occurredAt,
    firstDueAt: event.occurredAt,
    dueAt: event.occurredAt,
    trigger: { type: event.type, data: {} },
    attempts: 0,
    ledger: [{ at, decision: "exited", reason: `event:${event.type} before the trigger` }],
  };
}
