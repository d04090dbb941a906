import { createHash } from "node:crypto";
import { emailHash } from "../../shared/domain/identity";
import type { SesEvent, SesEventKind } from "../../shared/email/mailer";
import { EVENT_SOURCE } from "../../shared/events/routing";
import type { BusEvent, EventBus } from "../../shared/messaging/event-bus";
import type { SendStats } from "../../shared/persistence/send-stats";
import type { SuppressionList } from "../../shared/persistence/suppression-store";
import { MessageOutcomeEvent, type MessageOutcomeType, ShopId } from "./outcome-events";

export interface FeedbackDeps {
  suppressions: SuppressionList;
  bus: EventBus;
  now: () => Date;
  /** The circuit breaker's per-day counters: permanent bounces and complaints are added here. */
  stats?: SendStats;
}

export interface FeedbackSummary {
  kind: SesEventKind;
  outcome: "recorded" | "ignored";
  /** Addresses put on (or already on) the suppression list. */
  suppressed: number;
  published: number;
  /** Recipients no outcome event could name (not a valid address and no customerId tag). */
  unattributed: number;
}

/** What the rest of the system hears about; the other kinds change nothing we keep. */
const OUTCOMES: Partial<Record<SesEventKind, MessageOutcomeType>> = {
  bounce: "message.bounced",
  complaint: "message.complained",
  delivery: "message.delivered",
  open: "message.opened",
  click: "message.clicked",
};

/**
 * One SES event in: a permanent bounce or a complaint suppresses every address concerned, then an
 * outcome event per customer goes on our bus. Suppression comes first and is idempotent, so when
 * publishing fails and the event is retried nothing is lost and nothing counted twice.
 * A transient bounce is not an outcome: SES retried it already, and the address may work tomorrow.
 */
export async function recordEmailFeedback(event: SesEvent, deps: FeedbackDeps): Promise<FeedbackSummary> {
  const type = event.kind === "bounce" && event.permanent !== true ? undefined : OUTCOMES[event.kind];
  if (!type) return { kind: event.kind, outcome: "ignored", suppressed: 0, published: 0, unattributed: 0 };

  const reason = suppressionReason(event);
  if (reason) {
    // The time we learned it, as the list's record of when the address was stopped.
    const at = deps.now().toISOString();
    // Deployment-wide: the mailbox bounced or complained about our one sending identity, whichever
    // shop the mail was for.
    await Promise.all(event.recipients.map((email) => deps.suppressions.suppress(email, { reason, at })));
  }

  const candidates = outcomeEvents(event, type);
  const valid = candidates.flatMap((detail) => {
    const parsed = MessageOutcomeEvent.safeParse(detail);
    return parsed.success ? [parsed.data] : [];
  });
  const busEvents: BusEvent[] = valid.map((detail) => ({
    source: EVENT_SOURCE,
    detailType: detail.type,
    detail,
    time: detail.occurredAt,
  }));
  if (busEvents.length > 0) await deps.bus.publish(busEvents);
  // Last, since ADD is not idempotent: a retry happens only if this very write failed.
  if (reason && deps.stats && event.recipients.length > 0) {
    await deps.stats.add(shopOf(event.tags.shop?.[0] || undefined), event.at, {
      [reason === "bounce" ? "bounces" : "complaints"]: event.recipients.length,
    });
  }
  return {
    kind: event.kind,
    outcome: "recorded",
    suppressed: reason ? event.recipients.length : 0,
    published: busEvents.length,
    unattributed: candidates.length - valid.length,
  };
}

function suppressionReason(event: SesEvent): "bounce" | "complaint" | undefined {
  if (event.kind === "complaint") return "complaint";
  if (event.kind === "bounce" && event.permanent === true) return "bounce";
  return undefined;
}

/**
 * The sender tags each message with `shop`, `customerId`, `campaign` and `instance`; without a
 * tag the event falls back to the shop `default` and names the customer by the recipient address.
 */
function outcomeEvents(event: SesEvent, type: MessageOutcomeType): unknown[] {
  const tag = (name: string) => event.tags[name]?.[0] || undefined;
  const customerId = tag("customerId");
  const customers: Array<{ id: string } | { email: string }> = customerId
    ? [{ id: customerId }]
    : event.recipients.map((email) => ({ email }));
  const campaignId = tag("campaign");
  const instanceId = tag("instance");
  let id = `ses:${event.messageId}:${event.kind}`;
  // A hash keeps the id short and bounded; the link itself travels in data.link.
  if (event.link) id += `:${createHash("sha256").update(event.link).digest("hex").slice(0, 16)}`;
  return customers.map((customer) => ({
    // Several customers from one SES event (not a message we send, but SES allows it) need one id each.
    id: customers.length > 1 && "email" in customer ? `${id}:${emailHash(customer.email)}` : id,
    shop: shopOf(tag("shop")),
    type,
    occurredAt: event.at,
    customer,
    data: {
      messageId: event.messageId,
      ...(campaignId ? { campaignId } : {}),
      ...(instanceId ? { instanceId } : {}),
      ...(event.link ? { link: event.link } : {}),
    },
  }));
}

/** A tag that is not a valid shop id cannot name a shop; "default" is the contract's fallback. */
function shopOf(tagValue: string | undefined): string {
  const parsed = ShopId.safeParse(tagValue);
  return parsed.success ? parsed.data : "default";
}
