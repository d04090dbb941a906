import { connectors, type Delivery, type Platform } from "../connectors";
import { parseLosslessJson } from "../connectors/lossless-json";
import { jsonObject } from "./canonical";
import type { FormatContext, ImportItem } from "./format";

/**
 * JSON Lines of a platform's own REST order resources, one order per line, as the platform's API
 * returns them (Shopify Admin REST `GET /orders.json?status=any`, WooCommerce REST v3
 * `GET /wp-json/wc/v3/orders`, each page split into lines with `jq -c '.[]'`, or `.orders[]` for
 * Shopify). The webhook body of an order topic is the same resource, so each line goes through
 * the connector's own mapping, as an `orders/updated` (`order.updated`) delivery: the same event
 * ids, the same customer keys and the same refund ids as the live webhooks. An order imported and
 * later delivered live (or the other way round) therefore counts once, refunds included.
 *
 * The shop must be the platform's identity (`--shop my-shop.myshopify.com`, the WooCommerce host
 * name), as the webhooks name it, or live events land on other profiles.
 */
const TOPIC: Record<Exclude<Platform, "shopware">, string> = {
  shopify: "orders/updated",
  woocommerce: "order.updated",
};

export function readPlatformOrders(platform: keyof typeof TOPIC) {
  return async function* read(ctx: FormatContext): AsyncGenerator<ImportItem> {
    const connector = connectors[platform];
    for await (const { line, text } of ctx.lines()) {
      if (text.trim() === "") continue;
      // 18-digit Shopify ids survive only a lossless parse, as in the webhook path.
      const body = jsonObject(text, parseLosslessJson);
      if (!body) {
        yield { kind: "reject", line, reason: "not a JSON object (one order per line: jq -c '.[]')" };
        continue;
      }
      const mapped = connector.map(delivery(platform, ctx.shop, line, body), body);
      if (mapped.kind === "invalid")
        yield {
          kind: "reject",
          line,
          reason: mapped.issues
            .slice(0, 3)
            .map((i) => `${i.path || "order"}: ${i.message}`)
            .join("; "),
        };
      else if (mapped.kind === "events")
        // An order without a customer or email, or one not placed yet (a pending WooCommerce
        // order), maps to nothing: not an error, as with the webhook.
        yield { kind: "events", line, events: mapped.events };
    }
  };
}

/**
 * The delivery an order line stands for. Nothing in it may vary between runs: the connector
 * falls back on `receivedAt` and `deliveryId` for ids and times the payload lacks, and a re-run
 * must produce the same events. Both come from the order itself.
 */
function delivery(platform: keyof typeof TOPIC, shop: string, line: number, body: object): Delivery {
  const o = body as Record<string, unknown>;
  const stamp = [o.date_modified_gmt, o.updated_at, o.date_created_gmt, o.created_at].find(
    (v): v is string => typeof v === "string" && !Number.isNaN(Date.parse(v)),
  );
  const receivedAt = stamp
    ? new Date(
        platform === "woocommerce" && !/Z|[+-]\d\d:?\d\d$/.test(stamp) ? `${stamp}Z` : stamp,
      ).toISOString()
    : new Date(0).toISOString();
  return {
    platform,
    shop,
    deliveryId: `import:order:${String(o.id ?? `line-${line}`)}`,
    topic: TOPIC[platform],
    receivedAt,
  };
}
