import { randomUUID } from "node:crypto";
import { type ProfileView, viewProfile } from "../domain/profile-view";
import { fromHeader } from "../email/address";
import { EXAMPLE_SETTINGS, type MailSettings, mailSettingsFor } from "../email/brand";
import type { Mailer } from "../email/mailer";
import { PermanentSendError } from "../email/ses-mailer";
import { unsubscribeHeaders } from "../email/templates";
import type { EventType } from "../events/catalog";
import { EVENT_SOURCE } from "../events/routing";
import type { EventBus } from "../messaging/event-bus";
import type { DispatchLease } from "../persistence/dispatch-lease";
import type { ErasureGuard } from "../persistence/erasure-guard";
import { instanceId, type JourneyInstance, type JourneyStore } from "../persistence/journey-store";
import type { ProfileStore } from "../persistence/profile-store";
import type { SendStats } from "../persistence/send-stats";
import { pruneSends } from "./budget";
import { composeMail } from "./compose";
import { decide, type EngineConfig, isMarketing } from "./decide";
import type { Campaign } from "./definition";
import { type DeliveryObserver, report } from "./delivery-metrics";
import { type BreakerState, breakerReader, DEFAULT_BREAKER } from "./guardrails";
import { type FindProducts, productsAtSend } from "./products";
import { templateVars } from "./render";

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
  /** The signed double opt-in link (`{{confirmUrl}}`), valid for 7 days from `now`. */
  confirmUrl?: (instance: JourneyInstance, email: string, now: Date) => string;
  /** The signed survey link (`{{surveyUrl}}`), valid for 30 days from `now`. */
  surveyUrl?: (instance: JourneyInstance, email: string, now: Date) => string;
  /** The customer's referral code (`{{referralCode}}`), derived from shop and customer key. */
  referralCode?: (instance: JourneyInstance) => string;
  /** The keys of the address's suppression items for a shop, checked inside the claim transaction. */
  suppressionKeys: (email: string, shop: string) => readonly { pk: string; sk: string }[];
  /** Per-day send / bounce / complaint counters: every send is counted; the breaker reads them. */
  stats?: SendStats;
  /** The breaker state per shop, memoised for one dispatch run (dispatchDue sets it from `stats`). */
  breaker?: (shop: string) => Promise<BreakerState>;
  /** Latency and breaker metrics (EMF in AWS); absent, nothing is reported. */
  observer?: DeliveryObserver;
  /** Brand and UTM settings, per shop (the deployment config); absent, the example shop's. */
  mail?: MailSettings;
  /** The shop's available products for a campaign's product block, looked up at send time. */
  products?: FindProducts;
  /** One dispatch run at a time (scheduler ticks fired twice, a slow run overlapping the next). */
  dispatchLease?: DispatchLease;
  /** The erase guards late writers respect (the tracker: ../persistence/erasure-guard.ts). */
  erasures?: ErasureGuard;
  /** A new claim owner token (default a random UUID); tests pass their own. */
  newLeaseOwner?: () => string;
}

/**
 * `folded`: the tracker's view of the profile with the triggering event folded in. An immediate
 * send may run before the profile writer (another rule, in parallel) has written a new customer's
 * profile; a transactional or service mail is then sent from this view (the address and name are
 * the event's own), and a marketing one, whose claim moves the contact budget on the stored
 * profile, waits for it (deferred, not skipped).
 */
export interface DeliveryOptions {
  folded?: ProfileView;
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
  options: DeliveryOptions = {},
): Promise<DeliveryOutcome> {
  const at = now.toISOString();
  const waiting = { kind: "waiting", now: at } as const;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await deps.profiles.load(instance.shop, instance.customerKey, { consistent: true });
    const campaign = deps.campaigns.get(instance.campaignId);
    const useFolded =
      !stored && options.folded !== undefined && campaign !== undefined && !isMarketing(campaign);
    const profile = stored ? viewProfile(stored.state) : useFolded ? options.folded : undefined;
    const sends = (stored?.state.facts["b:sends"] as string[] | undefined) ?? [];
    const budgetVersion = Number(stored?.state.facts["b:version"] ?? 0);
    // Only promotional mail is paused by the breaker, so only it pays for reading the counters.
    const breaker =
      campaign?.priority === "promotional" ? await breakerOf(deps, now)?.(instance.shop) : undefined;
    const decision = decide({
      campaign,
      instance,
      profile,
      sends,
      now,
      config: deps.config,
      ...(breaker ? { breaker } : {}),
      ...(!stored && options.folded ? { profilePending: true } : {}),
    });

    if (decision.kind === "exit" || decision.kind === "skip") {
      const status = decision.kind === "exit" ? "exited" : "skipped";
      const done = await deps.journeys.finish(
        instance,
        status,
        { at, decision: status, reason: decision.reason },
        waiting,
      );
      if (done)
        await publish(
          deps,
          instance,
          decision.kind === "exit" ? "journey.exited" : "message.skipped",
          at,
          { reason: decision.reason },
          profile?.email,
        );
      if (done && decision.reason === "expired-breaker-open")
        report(() => deps.observer?.breakerHeld("expired"));
      return done ? status : "taken";
    }
    if (decision.kind === "defer") {
      const done = await deps.journeys.defer(
        instance,
        decision.until,
        { at, decision: "deferred", reason: decision.reason, until: decision.until },
        waiting,
      );
      if (done && decision.reason === "breaker-open") report(() => deps.observer?.breakerHeld("deferred"));
      return done ? "deferred" : "taken";
    }

    // decision "send": campaign, profile and email are known here.
    const c = campaign as Campaign;
    const email = profile?.email as string;
    // Before the claim: a mail whose point is its products and that has none costs no budget.
    const products = await productsAtSend(c, instance.shop, instance.trigger, profile!, deps.products);
    if (products === "no-products") {
      const entry = { at, decision: "skipped" as const, reason: products };
      const done = await deps.journeys.finish(instance, "skipped", entry, waiting);
      if (done) await publish(deps, instance, "message.skipped", at, { reason: products }, email);
      return done ? "skipped" : "taken";
    }
    const lease = new Date(now.getTime() + deps.config.leaseSeconds * 1000).toISOString();
    const owner = deps.newLeaseOwner?.() ?? randomUUID();
    const mine = { kind: "owner", owner } as const;
    const claim = await deps.journeys.claim(
      instance,
      { now: at, leaseUntil: lease, owner },
      {
        ...(isMarketing(c)
          ? {
              budget: {
                sends: pruneSends([...sends, at], now, deps.config.budget),
                expectedVersion: budgetVersion,
              },
            }
          : {}),
        suppressionKeys: deps.suppressionKeys(email, instance.shop),
      },
    );
    if (claim === "taken") return "taken";
    if (claim === "budget-changed") continue;
    if (claim === "suppressed") {
      await deps.journeys.finish(
        instance,
        "skipped",
        { at, decision: "skipped", reason: "suppressed" },
        waiting,
      );
      await publish(deps, instance, "message.skipped", at, { reason: "suppressed" }, email);
      return "skipped";
    }

    const unsubscribeUrl = deps.unsubscribeUrl(instance, email);
    const { brand, utm } = mailSettingsFor(deps.mail ?? EXAMPLE_SETTINGS, instance.shop);
    const rendered = await composeMail(
      c,
      templateVars(profile!, instance.trigger, {
        unsubscribeUrl,
        // Only the campaigns that show them need them (each an HMAC; no lookup).
        confirmUrl: uses(c, "confirmUrl") ? deps.confirmUrl?.(instance, email, now) : undefined,
        surveyUrl: uses(c, "surveyUrl") ? deps.surveyUrl?.(instance, email, now) : undefined,
        referralCode: uses(c, "referralCode") ? deps.referralCode?.(instance) : undefined,
      }),
      { brand, utm, customerLocale: profile?.locale ?? null, products },
    );
    try {
      const { messageId } = await deps.mailer.send({
        from: fromHeader(brand.senderName, deps.sender),
        to: email,
        replyTo: brand.replyTo,
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
      // At SES's accept, before our own bookkeeping: the latency the customer sees.
      report(() => deps.observer?.sent(instance, c));
      await deps.journeys.markSent(instance, messageId, new Date().toISOString(), owner);
      await publish(deps, instance, "message.sent", at, { messageId }, email);
      // After the send is recorded: a failed count delays the breaker a little, it must not make
      // a sent message look unsent (and be retried).
      await deps.stats?.add(instance.shop, at, { sends: 1 }).catch(() => undefined);
      return "sent";
    } catch (error) {
      if (error instanceof PermanentSendError) {
        const reason = `send-failed:${error.code}`;
        await deps.journeys.finish(instance, "skipped", { at, decision: "skipped", reason }, mine);
        await publish(deps, instance, "message.skipped", at, { reason }, email);
        return "skipped";
      }
      // Unknown whether SES took it: keep the claim; the lease decides when it may be tried again.
      return "failed";
    }
  }
  return "taken";
}

/** The run's memoised breaker, or (a send outside a dispatch run) a fresh reader of the counters. */
function breakerOf(deps: DeliveryDeps, now: Date) {
  if (deps.breaker) return deps.breaker;
  return deps.stats ? breakerReader(deps.stats, now, deps.config.breaker ?? DEFAULT_BREAKER) : undefined;
}

async function publish(
  deps: DeliveryDeps,
  i: JourneyInstance,
  type: EventType,
  at: string,
  extra: Record<string, unknown>,
  email?: string | null,
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
        customer: customerOf(i.customerKey, email),
        data: { campaignId: i.campaignId, instanceId: id, ...extra },
      },
    },
  ]);
}

/**
 * The canonical customer of a key: `id:<x>` -> {id}; a guest is known only by email, so its
 * outcome events name the address (they then fold into the guest's own profile). A guest whose
 * address is unknown here (no profile) keeps the key, which matches no profile.
 */
function customerOf(customerKey: string, email?: string | null): { id: string } | { email: string } {
  if (customerKey.startsWith("id:")) return { id: customerKey.slice(3) };
  return email ? { email } : { id: customerKey };
}

function uses(c: Campaign, variable: "confirmUrl" | "surveyUrl" | "referralCode"): boolean {
  return Object.values(c.templates).some((t) => `${t.html}${t.text}`.includes(variable));
}
