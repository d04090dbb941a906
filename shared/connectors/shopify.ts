import {
  type Connector,
  type Headers,
  headerOf,
  type Identified,
  missingHeader,
  SHOP_ID,
  signBase64Hmac,
  type TopicMapper,
  verifyBase64Hmac,
} from "./common";
import { toIso } from "./fields";
import { mapShopifyProduct, mapShopifyProductDelete, mapShopifyStockTopic } from "./products";
import {
  mapCart,
  mapCheckout,
  mapConsentUpdate,
  mapCustomer,
  mapCustomerDelete,
  mapCustomerRedact,
} from "./shopify-customers";
import { mapOrder, mapRefund } from "./shopify-orders";

/**
 * Shopify webhooks: `X-Shopify-Hmac-Sha256` is base64(HMAC-SHA256(app secret, raw body)). Newer
 * deliveries name their headers `shopify-*` without the `x-`; both spellings are read.
 */

/** `X-Shopify-<name>` or the newer `shopify-<name>`. */
function shopifyHeader(headers: Headers, name: string): string | undefined {
  return headerOf(headers, `x-shopify-${name}`, `shopify-${name}`);
}

export const shopifySignature = signBase64Hmac;
export const verifyShopifySignature = verifyBase64Hmac;

const MAPPERS = new Map<string, TopicMapper>(
  Object.entries({
    "orders/create": mapOrder,
    "orders/paid": mapOrder,
    "orders/updated": mapOrder,
    "orders/cancelled": mapOrder,
    "refunds/create": mapRefund,
    "customers/create": mapCustomer,
    "customers/update": mapCustomer,
    "customers/delete": mapCustomerDelete,
    "customers/redact": mapCustomerRedact,
    "customers_email_marketing_consent/update": mapConsentUpdate,
    "checkouts/create": mapCheckout,
    "checkouts/update": mapCheckout,
    "carts/create": mapCart,
    "carts/update": mapCart,
    "products/create": mapShopifyProduct,
    "products/update": mapShopifyProduct,
    "products/delete": mapShopifyProductDelete,
    "variants/in_stock": mapShopifyStockTopic,
    "variants/out_of_stock": mapShopifyStockTopic,
    "inventory_levels/update": mapShopifyStockTopic,
  }),
);

export const shopify: Connector = {
  platform: "shopify",
  topics: [...MAPPERS.keys()],

  identify(request, now): Identified {
    const shop = shopifyHeader(request.headers, "shop-domain")?.toLowerCase();
    if (!shop) return { kind: "reject", status: 401, error: "missing X-Shopify-Shop-Domain" };
    if (!SHOP_ID.test(shop)) return { kind: "reject", status: 401, error: "unknown shop" };
    const topic = shopifyHeader(request.headers, "topic");
    if (!topic) return missingHeader("X-Shopify-Topic");
    // One delivery (the same across Shopify's retries); X-Shopify-Event-Id would merge deliveries
    // of one merchant action to several subscriptions, which are different topics for us.
    const deliveryId = shopifyHeader(request.headers, "webhook-id");
    if (!deliveryId) return missingHeader("X-Shopify-Webhook-Id");
    const triggeredAt = shopifyHeader(request.headers, "triggered-at");
    const firedAt = triggeredAt ? toIso(triggeredAt) : undefined;
    return {
      kind: "delivery",
      delivery: {
        platform: "shopify",
        shop,
        deliveryId,
        topic,
        receivedAt: now.toISOString(),
        ...(firedAt ? { firedAt } : {}),
      },
    };
  },

  verify(secret, request) {
    return verifyShopifySignature(secret, request.rawBody, shopifyHeader(request.headers, "hmac-sha256"));
  },

  map(delivery, body) {
    const mapper = MAPPERS.get(delivery.topic);
    return mapper ? mapper(delivery, body) : { kind: "unknown-topic" };
  },
};
