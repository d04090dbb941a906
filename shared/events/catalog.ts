import { z } from "zod";
import { CurrencyCode, ExternalId, IsoDateTime, Money, TimeZone, WebUrl } from "./primitives";

/**
 * The canonical events, version 1 (docs/contract.md). Every producer (the events API, the
 * shop connectors, the importer) emits these; every consumer parses them with these schemas.
 */

export const Customer = z
  .object({
    id: ExternalId.optional(),
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.email({ message: "must be an email address" }))
      .optional(),
    firstName: z.string().max(200).optional(),
    lastName: z.string().max(200).optional(),
    locale: z
      .string()
      .regex(/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as "de-DE"')
      .optional(),
    timeZone: TimeZone.optional(),
  })
  .refine((c) => c.id !== undefined || c.email !== undefined, {
    message: "needs an id or an email",
  });
export type Customer = z.infer<typeof Customer>;

const LineItem = z.object({
  /** The shop's product (as in product.updated): what the product blocks count as bought together. */
  productId: ExternalId.optional(),
  sku: z.string().max(200).optional(),
  name: z.string().max(500).optional(),
  category: z.string().max(200).optional(),
  quantity: z.number().int().min(0).max(1_000_000),
  price: Money,
});

const ConsentData = z.object({
  channel: z.literal("email"),
  purpose: z.literal("marketing"),
  confirmedAt: IsoDateTime.optional(),
  /** Where the consent was given (platform, form) and the text version the person agreed to. */
  source: z.string().max(200).optional(),
  textVersion: z.string().max(100).optional(),
  ip: z.string().max(64).optional(),
  userAgent: z.string().max(500).optional(),
});

const MessageData = z.object({
  messageId: z.string().max(200).optional(),
  campaignId: z.string().max(100).optional(),
  instanceId: z.string().max(500).optional(),
});

/** A survey answer (the `answer-survey` page, or a shop's own survey tool through POST /events). */
const SurveyData = z.object({
  surveyId: ExternalId,
  score: z.number().int().min(0).max(10),
  orderId: ExternalId.optional(),
  /**
   * Where the answer was given: `survey-link` marks (with its `survey:` id) an answer through our
   * own signed link, a follow-up that changes only a customer on file (shared/domain/follow-up.ts).
   */
  source: z.string().max(200).optional(),
});

/** Why the sweep says so: the model, its churn risk (null under the rules) and the customer's rhythm. */
const ChurnData = z.object({
  model: z.enum(["bgnbd", "mbgnbd", "rfm-rules"]),
  risk: z.number().min(0).max(1).nullable(),
  overdueFactor: z.number().min(0),
  lastOrderAt: IsoDateTime,
  nextOrderDueAt: IsoDateTime,
  intervalDays: z.number().positive(),
});

export const EventData = {
  "customer.registered": z.object({}).passthrough().default({}),
  "customer.updated": z.object({}).passthrough().default({}),
  "consent.granted": ConsentData,
  "consent.revoked": ConsentData.omit({ confirmedAt: true }),
  "order.placed": z.object({
    orderId: ExternalId,
    total: Money,
    items: z.array(LineItem).max(1000).default([]),
    coupons: z.array(z.string().min(1).max(100)).max(50).default([]),
  }),
  "order.refunded": z.object({ orderId: ExternalId, amount: Money }),
  "checkout.updated": z.object({
    checkoutId: ExternalId,
    total: Money,
    completed: z.boolean(),
    url: WebUrl.optional(),
  }),
  "coupon.redeemed": z.object({ code: z.string().min(1).max(100), orderId: ExternalId.optional() }),
  "survey.answered": SurveyData,
  /** One subscriber's copy of a newsletter issue is due (the `newsletter` campaign sends it). */
  "newsletter.published": z.object({ newsletterId: ExternalId }),
  // Outcome events of the campaign engine and the email feedback loop: other systems (a CRM, a
  // data lake) subscribe to them, and campaigns can trigger on them ("opened / not opened").
  "message.sent": MessageData,
  "message.skipped": MessageData.extend({ reason: z.string() }),
  "journey.exited": MessageData.extend({ reason: z.string() }),
  "message.delivered": MessageData,
  "message.opened": MessageData,
  "message.clicked": MessageData.extend({ link: z.string().max(2000).optional() }),
  "message.bounced": MessageData,
  "message.complained": MessageData,
  // Published by the daily churn sweep (customer intelligence); campaigns trigger on them:
  // churn-risk when the stage worsens, next-order-due once per due date (`nextOrderDueAt`),
  // NEXT_ORDER_DUE_LEAD_DAYS before it.
  "customer.churn-risk": ChurnData.extend({ stage: z.enum(["at-risk", "inactive"]) }),
  "customer.next-order-due": ChurnData.extend({ stage: z.enum(["new", "repeat", "at-risk", "inactive"]) }),
  // Survey follow-ups (functions/follow-up-surveys): a 0-6 answer for the service team, and a
  // referral code used on a new customer's first order. `customer` is the detractor / the referrer.
  "customer.detractor": SurveyData,
  "referral.rewarded": z.object({
    /** The code as the order carried it (`REF-...`). */
    code: z.string().min(1).max(100),
    /** The new customer's first order, which used the code. */
    orderId: ExternalId,
    referee: Customer,
    /** The coupon the shop issues to each of the two (the referrer is the event's customer). */
    coupon: z.object({ amount: Money }),
  }),
} as const;

export type EventType = keyof typeof EventData;
export const EVENT_TYPES = Object.keys(EventData) as EventType[];

const base = {
  id: z.string().min(1).max(200),
  shop: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/, "must be a shop id of letters, digits, '.', '_' or '-'")
    .default("default"),
  occurredAt: IsoDateTime,
  customer: Customer,
};

function variant<T extends EventType>(type: T) {
  return z.object({ ...base, type: z.literal(type), data: EventData[type] });
}

export const CanonicalEvent = z.discriminatedUnion("type", [
  variant("customer.registered"),
  variant("customer.updated"),
  variant("consent.granted"),
  variant("consent.revoked"),
  variant("order.placed"),
  variant("order.refunded"),
  variant("checkout.updated"),
  variant("coupon.redeemed"),
  variant("survey.answered"),
  variant("newsletter.published"),
  variant("message.sent"),
  variant("message.skipped"),
  variant("journey.exited"),
  variant("message.delivered"),
  variant("message.opened"),
  variant("message.clicked"),
  variant("message.bounced"),
  variant("message.complained"),
  variant("customer.churn-risk"),
  variant("customer.next-order-due"),
  variant("customer.detractor"),
  variant("referral.rewarded"),
]);
export type CanonicalEvent = z.infer<typeof CanonicalEvent>;
export type EventOf<T extends EventType> = Extract<CanonicalEvent, { type: T }>;

export { CurrencyCode };
