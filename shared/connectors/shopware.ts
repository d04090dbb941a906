import { z } from "zod";
import { describeIssues, zodIssues } from "../http/responses";
import { hmacSha256, macMatches } from "../http/signature";
import {
  type Connector,
  headerOf,
  type Identified,
  type Mapped,
  parseBody,
  SHOP_ID,
  type TopicMapper,
} from "./common";
import { emit } from "./fields";
import { mapShopwareProductWritten } from "./products";
import { mapCustomerDeleted, mapNewsletter, mapRegister } from "./shopware-customers";
import { orderMapper } from "./shopware-orders";

/**
 * Shopware 6 app webhooks: `shopware-shop-signature` is lower-case hex HMAC-SHA256(shop secret,
 * raw body). The envelope `{data: {payload, event}, source: {url, shopId, eventId}, timestamp}`
 * names the shop inside the body, so the body is parsed before the signature can be checked.
 */

/** Older deliveries are refused: a captured request replayed later must not count again. */
export const MAX_AGE_SECONDS = 5 * 60;

export function shopwareSignature(secret: string, message: string | Buffer): string {
  return hmacSha256(secret, message).toString("hex");
}

export function verifyShopwareSignature(
  secret: string,
  rawBody: string | Buffer,
  header: string | undefined,
): boolean {
  if (!header || !/^[0-9a-fA-F]{64}$/.test(header)) return false;
  return macMatches(hmacSha256(secret, rawBody), Buffer.from(header, "hex"));
}

const Envelope = z.object({
  data: z.object({ event: z.string().trim().min(1), payload: z.unknown() }),
  source: z.object({ shopId: z.string().trim().min(1), eventId: z.string().trim().min(1) }),
  timestamp: z.number().int("must be epoch seconds"),
});

/** Entity-written events carry only keys and changed field names: nothing to map without an API call. */
const keysOnly: TopicMapper = () => emit([]);

const MAPPERS = new Map<string, TopicMapper>(
  Object.entries({
    "checkout.order.placed": orderMapper({ placed: true, voidRest: false }),
    // Repeats the placed order (same id): an order whose checkout.order.placed was lost still counts.
    "state_enter.order_transaction.state.paid": orderMapper({ placed: true, voidRest: false }),
    "state_enter.order_transaction.state.refunded_partially": orderMapper({ placed: false, voidRest: false }),
    "state_enter.order_transaction.state.refunded": orderMapper({ placed: false, voidRest: true }),
    "state_enter.order.state.cancelled": orderMapper({ placed: false, voidRest: true }),
    "checkout.customer.register": mapRegister,
    "checkout.customer.deleted": mapCustomerDeleted,
    "customer.written": keysOnly,
    "newsletter.register": mapNewsletter,
    "newsletter.confirm": mapNewsletter,
    "newsletter.unsubscribe": mapNewsletter,
    "product.written": mapShopwareProductWritten,
    "product.deleted": mapShopwareProductWritten,
  }),
);

export const shopware: Connector = {
  platform: "shopware",
  topics: [...MAPPERS.keys()],

  identify(request, now): Identified {
    const parsed = parseBody(request.rawBody);
    if (!parsed.ok)
      return { kind: "reject", status: 400, error: describeIssues(parsed.issues), issues: parsed.issues };
    const envelope = Envelope.safeParse(parsed.body);
    if (!envelope.success) {
      const issues = zodIssues(envelope.error);
      return { kind: "reject", status: 400, error: describeIssues(issues), issues };
    }
    const { data, source, timestamp } = envelope.data;
    if (!SHOP_ID.test(source.shopId)) return { kind: "reject", status: 401, error: "unknown shop" };
    const skew = now.getTime() / 1000 - timestamp;
    // Both directions: a timestamp far in the future would otherwise stay "fresh" for ever.
    if (Math.abs(skew) > MAX_AGE_SECONDS) {
      return { kind: "reject", status: 401, error: "timestamp is more than 5 minutes off (replayed?)" };
    }
    return {
      kind: "delivery",
      delivery: {
        platform: "shopware",
        shop: source.shopId,
        // The same across Shopware's retries of one event.
        deliveryId: source.eventId,
        topic: data.event,
        receivedAt: now.toISOString(),
        firedAt: new Date(timestamp * 1000).toISOString(),
        parsed: { body: data.payload },
      },
    };
  },

  verify(secret, request) {
    return verifyShopwareSignature(
      secret,
      request.rawBody,
      headerOf(request.headers, "shopware-shop-signature"),
    );
  },

  map(delivery, payload): Mapped {
    const mapper = MAPPERS.get(delivery.topic);
    return mapper ? mapper(delivery, payload) : { kind: "unknown-topic" };
  },
};
