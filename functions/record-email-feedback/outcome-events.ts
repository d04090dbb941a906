import { z } from "zod";
import { CanonicalEvent, Customer } from "../../shared/events/catalog";
import { IsoDateTime } from "../../shared/events/primitives";

/**
 * What the feedback loop tells the rest of the system about a message: the outcome events on our
 * bus (source EVENT_SOURCE, detail-type = `type`). Shaped like a canonical event (id, shop,
 * occurredAt, customer, data) so the same consumers can fold them by id.
 * TODO(catalog owner): move into shared/events so other functions (profile engagement, the
 * "opened / not opened" triggers) can parse them; it sits here only because of file ownership.
 */
export const MESSAGE_OUTCOME_TYPES = [
  "message.bounced",
  "message.complained",
  "message.delivered",
  "message.opened",
  "message.clicked",
] as const;
export type MessageOutcomeType = (typeof MESSAGE_OUTCOME_TYPES)[number];

/** The canonical shop id rule (letters, digits, . _ -; "default" when absent), taken from the catalog. */
export const ShopId = CanonicalEvent.options[0].shape.shop;

export const MessageOutcomeEvent = z.object({
  /** `ses:<messageId>:<kind>[:<sha256(link) prefix>][:<emailHash>]`: a redelivered SES event counts once. */
  id: z.string().min(1).max(200),
  shop: ShopId,
  type: z.enum(MESSAGE_OUTCOME_TYPES),
  occurredAt: IsoDateTime,
  customer: Customer,
  data: z.object({
    messageId: z.string().min(1).max(500),
    campaignId: z.string().min(1).max(200).optional(),
    instanceId: z.string().min(1).max(200).optional(),
    link: z.string().min(1).max(4000).optional(),
  }),
});
export type MessageOutcomeEvent = z.infer<typeof MessageOutcomeEvent>;
