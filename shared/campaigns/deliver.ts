import { viewProfile } from "../domain/profile-view";
import type { Mailer } from "../email/mailer";
import { PermanentSendError } from "../email/ses-mailer";
import { unsubscribeHeaders } from "../email/templates";
import type { EventType } from "../events/catalog";
import { EVENT_SOURCE } from "../events/routing";
import type { EventBus } from "../messaging/event-bus";
import { instanceId, type JourneyInstance, type JourneyStore } from "../persistence/journey-store";
import type { ProfileStore } from "../persistence/profile-store";
import { pruneSends } from "./budget";
import { decide, type EngineConfig, isMarketing } from "./decide";
import type { Campaign } from "./definition";
import { renderCampaign, templateVars } from "./render";

export interface DeliveryDeps {
  journeys: JourneyStore;
  profiles: ProfileStore;
  mailer: Mailer;
  bus: EventBus;
  campaigns: ReadonlyMap<string, Campaign>;
  config: EngineConfig;
  sender: string;
  configurationSet?: string;
  /** The signed one-click unsubscribe URL for this customer. */
  unsubscribeUrl: (instance: JourneyInstance, email: string) => string;
  /** The key of the address's suppression item, checked inside the claim transaction. */
  suppressionKey: (email: string) => { pk: string; sk: string };
}

export type DeliveryOutcome = "sent" | "deferred" | "skipped" | "exited" | "taken" | "failed";

const MAX_ATTEMPTS = 5;

/**
 * Decides and, if so, sends one due message exactly once: claim (conditional, with the contact
 * budget and the suppression check in the same transaction), send through SES, record the message
 * id. A crash between claim and record leaves the instance `sending`, visible in its ledger, and
 * dispatch retries it only once the lease has run out.
 */
export async function deliverInstance(
  instance: JourneyInstance,
  now: Date,
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  const at = now.toISOString();
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await deps.profiles.load(instance.shop, instance.customerKey, { consistent: true });
    const profile = stored ? viewProfile(stored.state) : undefined;
    const sends = (stored?.state.facts["b:sends"] as string[] | undefined) ?? [];
    const budgetVersion = Number(stored?.state.facts["b:version"] ?? 0);
    const campaign = deps.campaigns.get(instance.campaignId);
    const decision = decide({ campaign, instance, profile, sends, now, config: deps.config });

    if (decision.kind === "exit" || decision.kind === "skip") {
      const status = decision.kind === "exit" ? "exited" : "skipped";
      const done = await deps.journeys.finish(
        instance,
        status,
        { at, decision: status, reason: decision.reason },
        ["scheduled", "sending"],
      );
      if (done)
        await publish(deps, instance, decision.kind === "exit" ? "journey.exited" : "message.skipped", at, {
          reason: decision.reason,
        });
      return done ? status : "taken";
    }
    if (decision.kind === "defer") {
      const done = await deps.journeys.defer(instance, decision.until, {
        at,
        decision: "deferred",
        reason: decision.reason,
        until: decision.until,
      });
      return done ? "deferred" : "taken";
    }

    // decision "send": campaign, profile and email are known here.
    const c = campaign as Campaign;
    const email = profile?.email as string;
    const lease = new Date(now.getTime() + deps.config.leaseSeconds * 1000).toISOString();
    const claim = await deps.journeys.claim(instance, at, lease, {
      ...(isMarketing(c)
        ? {
            budget: {
              sends: pruneSends([...sends, at], now, deps.config.budget),
              expectedVersion: budgetVersion,
            },
          }
        : {}),
      suppressionKey: deps.suppressionKey(email),
    });
    if (claim === "taken") return "taken";
    if (claim === "budget-changed") continue;
    if (claim === "suppressed") {
      await deps.journeys.finish(instance, "skipped", { at, decision: "skipped", reason: "suppressed" }, [
        "scheduled",
        "sending",
      ]);
      await publish(deps, instance, "message.skipped", at, { reason: "suppressed" });
      return "skipped";
    }

    const unsubscribeUrl = deps.unsubscribeUrl(instance, email);
    const rendered = renderCampaign(
      c,
      profile?.locale ?? null,
      templateVars(profile!, instance.trigger, { unsubscribeUrl }),
    );
    try {
      const { messageId } = await deps.mailer.send({
        from: deps.sender,
        to: email,
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text,
        headers: c.priority === "transactional" ? [] : unsubscribeHeaders(unsubscribeUrl),
        // Read back by the feedback loop (record-email-feedback) on every SES event of this message.
        tags: {
          shop: instance.shop,
          campaign: c.id,
          instance: instanceId(instance),
          ...(instance.customerKey.startsWith("id:") ? { customerId: instance.customerKey.slice(3) } : {}),
        },
        ...(deps.configurationSet ? { configurationSet: deps.configurationSet } : {}),
      });
      await deps.journeys.markSent({ ...instance }, messageId, new Date().toISOString());
      await publish(deps, instance, "message.sent", at, { messageId });
      return "sent";
    } catch (error) {
      if (error instanceof PermanentSendError) {
        const reason = `send-failed:${error.code}`;
        await deps.journeys.finish(instance, "skipped", { at, decision: "skipped", reason }, ["sending"]);
        await publish(deps, instance, "message.skipped", at, { reason });
        return "skipped";
      }
      // Unknown whether SES took it: keep the claim; the lease decides when it may be tried again.
      return "failed";
    }
  }
  return "taken";
}

async function publish(
  deps: DeliveryDeps,
  i: JourneyInstance,
  type: EventType,
  at: string,
  extra: Record<string, unknown>,
) {
  const id = instanceId(i);
  await deps.bus.publish([
    {
      source: EVENT_SOURCE,
      detailType: type,
      time: at,
      detail: {
        id: `${type}:${id}`,
        shop: i.shop,
        type,
        occurredAt: at,
        customer: customerOf(i.customerKey),
        data: { campaignId: i.campaignId, instanceId: id, ...extra },
      },
    },
  ]);
}

/** The canonical customer of a key: `id:<x>` -> {id}; guests are only known by email, which we do not repeat here. */
function customerOf(customerKey: string): { id: string } {
  return { id: customerKey.startsWith("id:") ? customerKey.slice(3) : customerKey };
}
