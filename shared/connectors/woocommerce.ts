import {
  type Connector,
  headerOf,
  type Identified,
  missingHeader,
  SHOP_ID,
  signBase64Hmac,
  verifyBase64Hmac,
} from "./common";
import { WOOCOMMERCE_MAPPERS } from "./woocommerce-map";

/**
 * WooCommerce webhooks: `X-WC-Webhook-Signature` is base64(HMAC-SHA256(webhook secret, raw body));
 * the body is the REST v3 resource. The shop is the host name of `X-WC-Webhook-Source`.
 */

export const wooCommerceSignature = signBase64Hmac;
export const verifyWooCommerceSignature = verifyBase64Hmac;

/** Creating a webhook sends this unsigned, form-encoded request; without a 200 WooCommerce gives up. */
const PING = /^webhook_id=\d+$/;

export const woocommerce: Connector = {
  platform: "woocommerce",
  topics: [...WOOCOMMERCE_MAPPERS.keys()],

  identify(request, now): Identified {
    if (PING.test(request.rawBody.toString("utf8").trim())) return { kind: "ping" };
    const source = headerOf(request.headers, "x-wc-webhook-source");
    if (!source) return { kind: "reject", status: 401, error: "missing X-WC-Webhook-Source" };
    const shop = hostOf(source);
    if (!shop || !SHOP_ID.test(shop)) return { kind: "reject", status: 401, error: "unknown shop" };
    const topic = headerOf(request.headers, "x-wc-webhook-topic");
    if (!topic) return missingHeader("X-WC-Webhook-Topic");
    // A new id per delivery attempt (a hash of webhook id and time): redeliveries of the same
    // change still fold once, because the event ids come from the order, not from the delivery.
    const deliveryId = headerOf(request.headers, "x-wc-webhook-delivery-id");
    if (!deliveryId) return missingHeader("X-WC-Webhook-Delivery-ID");
    return {
      kind: "delivery",
      delivery: { platform: "woocommerce", shop, deliveryId, topic, receivedAt: now.toISOString() },
    };
  },

  verify(secret, request) {
    return verifyWooCommerceSignature(
      secret,
      request.rawBody,
      headerOf(request.headers, "x-wc-webhook-signature"),
    );
  },

  map(delivery, body) {
    const mapper = WOOCOMMERCE_MAPPERS.get(delivery.topic);
    return mapper ? mapper(delivery, body) : { kind: "unknown-topic" };
  },
};

function hostOf(source: string): string | undefined {
  try {
    return new URL(source).hostname.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}
