import { z } from "zod";
import type { SesEvent, SesEventKind } from "./mailer";

/**
 * SES reports what happened to a message in two shapes: event-publishing records (`eventType`,
 * from a configuration set to EventBridge, SNS, Firehose) and identity notifications
 * (`notificationType`, SNS only). Both arrive here either bare or wrapped in an EventBridge
 * (`detail`) or SNS (`Message` as a JSON string) envelope, and leave as one normalised SesEvent.
 * Anything else is `undefined`, never a throw: a feedback consumer acknowledges what it cannot read.
 */

const EVENT_TYPES: Record<string, SesEventKind> = {
  Send: "send",
  Delivery: "delivery",
  Bounce: "bounce",
  Complaint: "complaint",
  Open: "open",
  Click: "click",
  Reject: "reject",
  DeliveryDelay: "delivery-delay",
  "Rendering Failure": "rendering-failure",
  Subscription: "subscription",
};
/** Identity notifications know only these three (plus SNS's subscription confirmation, which is not ours). */
const NOTIFICATION_TYPES: Record<string, SesEventKind> = {
  Bounce: "bounce",
  Complaint: "complaint",
  Delivery: "delivery",
};

const Address = z.object({ emailAddress: z.string().min(1).max(320) });
const Addresses = z.array(Address).max(1000).default([]);
const Stamp = { timestamp: z.string().max(64).optional() };

const Mail = z.object({
  messageId: z.string().min(1).max(500),
  timestamp: z.string().max(64),
  destination: z.array(z.string().max(1000)).max(1000).default([]),
  // Odd tags must not cost us a bounce: the tags are optional context, the bounce is not.
  tags: z.record(z.string(), z.array(z.string())).catch({}),
});

export const SesRecord = z.object({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: Mail,
  bounce: z.object({ bounceType: z.string(), bouncedRecipients: Addresses, ...Stamp }).optional(),
  complaint: z.object({ complainedRecipients: Addresses, ...Stamp }).optional(),
  delivery: z.object({ recipients: z.array(z.string()).max(1000).default([]), ...Stamp }).optional(),
  deliveryDelay: z.object({ delayedRecipients: Addresses, ...Stamp }).optional(),
  open: z.object(Stamp).optional(),
  click: z.object({ link: z.string().max(4000).optional(), ...Stamp }).optional(),
  subscription: z.object(Stamp).optional(),
});
export type SesRecord = z.infer<typeof SesRecord>;

/** SNS allows 256 KB per message; anything longer is not an SES record. */
const MAX_MESSAGE_CHARS = 256 * 1024;
/** EventBridge -> SNS -> Lambda is the deepest nesting a real delivery path produces. */
const MAX_ENVELOPES = 4;

export function parseSesEvent(input: unknown): SesEvent | undefined {
  const parsed = SesRecord.safeParse(unwrap(input));
  return parsed.success ? normalise(parsed.data) : undefined;
}

function unwrap(input: unknown): unknown {
  let current = input;
  for (let depth = 0; depth < MAX_ENVELOPES; depth++) {
    if (!isObject(current) || "eventType" in current || "notificationType" in current) return current;
    if ("detail" in current) current = fromJson(current.detail);
    else if ("Message" in current) current = fromJson(current.Message);
    else if ("Sns" in current) current = current.Sns;
    // A Lambda SNS event carries one record per invocation.
    else if (Array.isArray(current.Records) && current.Records.length === 1) current = current.Records[0];
    else return current;
  }
  return current;
}

function fromJson(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (value.length > MAX_MESSAGE_CHARS) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}

function normalise(record: SesRecord): SesEvent | undefined {
  // An event-publishing record names its type in eventType; prefer it if both are present.
  const kind =
    record.eventType !== undefined
      ? EVENT_TYPES[record.eventType]
      : record.notificationType !== undefined
        ? NOTIFICATION_TYPES[record.notificationType]
        : undefined;
  if (!kind) return undefined;
  // The kind comes from the type alone: a Delivery never becomes a bounce, whatever else it carries.
  const section = sectionOf(record, kind);
  if (section === null) return undefined;
  const at = isoTime(section?.timestamp ?? record.mail.timestamp);
  if (!at) return undefined;
  const event: SesEvent = {
    kind,
    recipients: recipientsOf(record, kind),
    messageId: record.mail.messageId,
    at,
    tags: record.mail.tags,
  };
  if (kind === "bounce") event.permanent = record.bounce?.bounceType === "Permanent";
  const link = record.click?.link;
  if (kind === "click" && link) event.link = link;
  return event;
}

/** The record's own section for its kind; `null` when a kind that needs one (bounce, complaint) has none. */
function sectionOf(
  record: SesRecord,
  kind: SesEventKind,
): { timestamp?: string | undefined } | null | undefined {
  switch (kind) {
    case "bounce":
      return record.bounce ?? null;
    case "complaint":
      return record.complaint ?? null;
    case "delivery":
      return record.delivery;
    case "delivery-delay":
      return record.deliveryDelay;
    case "open":
      return record.open;
    case "click":
      return record.click;
    case "subscription":
      return record.subscription;
    default:
      return undefined;
  }
}

function recipientsOf(record: SesRecord, kind: SesEventKind): string[] {
  const destination = record.mail.destination;
  const listed =
    kind === "bounce"
      ? record.bounce?.bouncedRecipients.map((r) => r.emailAddress)
      : kind === "complaint"
        ? record.complaint?.complainedRecipients.map((r) => r.emailAddress)
        : kind === "delivery"
          ? record.delivery?.recipients
          : kind === "delivery-delay"
            ? record.deliveryDelay?.delayedRecipients.map((r) => r.emailAddress)
            : destination;
  // A bounce or complaint without its list falls back to the destination only when that is one
  // address: guessing among several would suppress people who did nothing.
  const chosen = listed?.length ? listed : destination.length === 1 ? destination : [];
  return [...new Set(chosen.map(bareAddress).filter((a) => a.length > 0))];
}

/** `"Jane Doe" <Jane@Example.com>` -> `jane@example.com`. */
function bareAddress(value: string): string {
  const angled = /<([^<>]+)>\s*$/.exec(value);
  return (angled?.[1] ?? value).trim().toLowerCase();
}

function isoTime(value: string): string | undefined {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
