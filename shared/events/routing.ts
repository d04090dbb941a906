import type { EventType } from "./catalog";

/**
 * The one routing table: which function reacts to which bus event. The CDK stack builds one
 * EventBridge rule per entry from it (infra/cloud), and the local host dispatches with the same
 * patterns (infra/local), so the two hosts cannot drift.
 */

/** The `source` of every event this project puts on its own bus. */
export const EVENT_SOURCE = "stammkunde";

export type FunctionId = "ingest-events" | "receive-webhooks" | "apply-shop-event" | "serve-admin";

/** An EventBridge event pattern (the subset of the pattern language this project uses and the local matcher implements). */
export type EventPattern = Record<string, unknown>;

export interface Route {
  /** Stable name: becomes the rule's id in the stack and the subscriber name locally. */
  readonly name: string;
  readonly target: FunctionId;
  /** Which bus: our own custom bus, or the account's default bus (where AWS services such as SES publish). */
  readonly bus: "custom" | "default";
  readonly pattern: EventPattern;
  readonly description: string;
}

const PROFILE_EVENTS: EventType[] = [
  "customer.registered",
  "customer.updated",
  "consent.granted",
  "consent.revoked",
  "order.placed",
  "order.refunded",
];

export const ROUTES: readonly Route[] = [
  {
    name: "profile-writer",
    target: "apply-shop-event",
    bus: "custom",
    pattern: { source: [EVENT_SOURCE], "detail-type": PROFILE_EVENTS },
    description: "Folds customer, consent and order events into the customer's profile",
  },
];
