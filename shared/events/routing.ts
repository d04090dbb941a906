import { REFERRAL_PREFIX } from "../surveys/referral-code";
import { EVENT_TYPES, type EventType } from "./catalog";
import { PRODUCT_EVENT_TYPES } from "./product-events";

/**
 * The one routing table: which function reacts to which bus event. The CDK stack builds one
 * EventBridge rule per entry from it (infra/cloud), and the local host dispatches with the same
 * patterns (infra/local), so the two hosts cannot drift.
 */

/** The `source` of every event this project puts on its own bus. */
export const EVENT_SOURCE = "stammkunde";

export type FunctionId =
  | "ingest-events"
  | "receive-webhooks"
  | "apply-shop-event"
  | "apply-catalog-event"
  | "serve-admin"
  | "track-journeys"
  | "dispatch-messages"
  | "record-email-feedback"
  | "serve-unsubscribe"
  | "fit-model"
  | "sweep-churn"
  | "confirm-consent"
  | "answer-survey"
  | "follow-up-surveys";

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
  // Engagement (latest delivered / opened / clicked) for the profile; the sunset policy reads it.
  "message.delivered",
  "message.opened",
  "message.clicked",
  // The customer's latest survey score (the shop's NPS is computed from it).
  "survey.answered",
];

/** Campaigns may trigger or exit on any event but the engine's own decisions (which would only loop). */
const CAMPAIGN_EVENTS = EVENT_TYPES.filter((t) => t !== "message.skipped" && t !== "journey.exited");

/** What SES publishes on the default bus for a configuration set with an EventBridge destination. */
export const SES_DETAIL_TYPES = [
  "Email Sent",
  "Email Delivered",
  "Email Bounced",
  "Email Complaint Received",
  "Email Opened",
  "Email Clicked",
  "Email Rejected",
  "Email Delivery Delayed",
  "Email Rendering Failed",
  "Email Subscribed",
];

export const ROUTES: readonly Route[] = [
  {
    name: "profile-writer",
    target: "apply-shop-event",
    bus: "custom",
    pattern: { source: [EVENT_SOURCE], "detail-type": PROFILE_EVENTS },
    description: "Folds customer, consent and order events into the customer's profile",
  },
  {
    name: "catalog-writer",
    target: "apply-catalog-event",
    bus: "custom",
    pattern: { source: [EVENT_SOURCE], "detail-type": [...PRODUCT_EVENT_TYPES] },
    description: "Keeps the shop's catalog (product blocks in mail): one item per product, last writer wins",
  },
  {
    name: "bought-together",
    target: "apply-catalog-event",
    bus: "custom",
    // Only orders whose lines name a product: the others have nothing to count.
    pattern: {
      source: [EVENT_SOURCE],
      "detail-type": ["order.placed"],
      detail: { data: { items: { productId: [{ exists: true }] } } },
    },
    description:
      "Counts which products are bought in one order with which categories (product block ranking)",
  },
  {
    name: "campaign-tracker",
    target: "track-journeys",
    bus: "custom",
    pattern: { source: [EVENT_SOURCE], "detail-type": CAMPAIGN_EVENTS },
    description: "Starts and ends campaign journeys: triggers, keyed exits, immediate sends",
  },
  {
    name: "survey-answers",
    target: "follow-up-surveys",
    bus: "custom",
    pattern: { source: [EVENT_SOURCE], "detail-type": ["survey.answered"] },
    description:
      "Survey answers: 0-6 becomes customer.detractor, 9-10 registers the promoter's referral code",
  },
  {
    name: "referral-orders",
    target: "follow-up-surveys",
    bus: "custom",
    // Only orders with a coupon that looks like a referral code (any case), not every order.
    pattern: {
      source: [EVENT_SOURCE],
      "detail-type": ["order.placed"],
      detail: { data: { coupons: [{ prefix: { "equals-ignore-case": REFERRAL_PREFIX } }] } },
    },
    description: "A new customer's first order with a referral code rewards both (referral.rewarded)",
  },
  {
    name: "ses-feedback",
    target: "record-email-feedback",
    bus: "default",
    pattern: { source: ["aws.ses"], "detail-type": SES_DETAIL_TYPES },
    description: "SES events: bounces and complaints suppress, opens and clicks flow back as message events",
  },
];

/** Scheduled jobs: the stack builds a schedule per entry, the local host runs them on demand. */
export const SCHEDULES = [
  { job: "dispatch", target: "dispatch-messages", rate: "rate(1 minute)", description: "Sends what is due" },
  {
    job: "fit-model",
    target: "fit-model",
    rate: "cron(0 2 ? * MON *)",
    description: "Weekly: fits each shop's purchase model, writes RFM, ABC and predictions onto the profiles",
  },
  {
    job: "churn-sweep",
    target: "sweep-churn",
    rate: "cron(0 4 * * ? *)",
    description: "Daily: re-evaluates the customers due for a check, marks churn, publishes churn events",
  },
] as const satisfies readonly { job: string; target: FunctionId; rate: string; description: string }[];
