import { bodyFor, type Connector, type Mapped, type Platform, type WebhookRequest } from "./common";
import { shopify } from "./shopify";
import { shopware } from "./shopware";
import { woocommerce } from "./woocommerce";

export type { Connector, Delivery, Headers, Identified, Mapped, Platform, WebhookRequest } from "./common";
export { PLATFORMS } from "./common";

/** Every shop connector by platform: the receive-webhooks function and the benchmark read this. */
export const connectors: Readonly<Record<Platform, Connector>> = { shopify, woocommerce, shopware };

export type Processed = Mapped | { kind: "ping" } | { kind: "rejected"; status: number };

/**
 * Identify, verify, parse and map one request in a single call, without dedup or bus: the CPU
 * work a webhook costs before any I/O, which is what the benchmark times per platform.
 */
export function verifyParseMap(
  platform: Platform,
  request: WebhookRequest,
  secret: string,
  now: Date,
): Processed {
  const connector = connectors[platform];
  const identified = connector.identify(request, now);
  if (identified.kind === "ping") return identified;
  if (identified.kind === "reject") return { kind: "rejected", status: identified.status };
  if (!connector.verify(secret, request)) return { kind: "rejected", status: 401 };
  const parsed = bodyFor(identified.delivery, request.rawBody);
  if (!parsed.ok) return { kind: "invalid", issues: parsed.issues };
  return connector.map(identified.delivery, parsed.body);
}
