import { bodyFor } from "../../shared/connectors/common";
import { connectors, type Headers, type Platform } from "../../shared/connectors/index";
import { EVENT_SOURCE } from "../../shared/events/routing";
import {
  badRequest,
  describeIssues,
  type FieldIssue,
  type HttpResult,
  json,
} from "../../shared/http/responses";
import { MAX_BODY_BYTES } from "../../shared/http/routes";
import { type EventBus, toBusEvent } from "../../shared/messaging/event-bus";
import { DELIVERY_TTL_SECONDS, type DeliveryLog } from "../../shared/persistence/delivery-log";

export interface ReceiveRequest {
  platform: Platform;
  rawBody: Buffer;
  headers: Headers;
}

export interface EraseRequest {
  platform: Platform;
  shop: string;
  customerId: string;
}

/** What became of one request: ids, topics and field paths only, never personal data. */
export interface ReceiveOutcome {
  platform: Platform;
  status: number;
  result:
    | "accepted"
    | "duplicate"
    | "ignored"
    | "erase"
    | "erase-unhandled"
    | "ping"
    | "invalid"
    | "unauthorized"
    | "too-large";
  shop?: string;
  topic?: string;
  deliveryId?: string;
  events?: number;
  warnings?: string[];
  issues?: FieldIssue[];
}

export interface ReceiveDeps {
  /** The shop's signing secret; undefined for a shop this deployment does not serve. */
  secretFor(platform: Platform, shop: string): Promise<string | undefined>;
  bus: EventBus;
  deliveries: DeliveryLog;
  now: () => Date;
  /** Counts topics nobody maps, which are acknowledged so the platform stops retrying them. */
  onUnknownTopic?(platform: Platform, topic: string): void;
  /** Hands on a customer erase request (Shopify customers/delete); unwired, it is acknowledged and reported. */
  onErase?(request: EraseRequest): Promise<void>;
  onOutcome?(outcome: ReceiveOutcome): void;
  /** The currency of product prices (the platforms' product payloads name none); default EUR. */
  catalogCurrency?: string;
}

/** Delivery ids become part of a table key and of some event ids; the platforms' own are 32-36 characters. */
const MAX_DELIVERY_ID_LENGTH = 100;

/**
 * POST /webhooks/{platform}: size, delivery identity, signature, dedup, shape, then the bus. Only
 * a verified, well-formed delivery reaches the bus, and it is remembered only after the bus took
 * every event (see shared/persistence/delivery-log.ts for why that order loses nothing).
 */
export async function receiveWebhook(request: ReceiveRequest, deps: ReceiveDeps): Promise<HttpResult> {
  const { platform } = request;
  const done = (outcome: Omit<ReceiveOutcome, "platform" | "status">, result: HttpResult): HttpResult => {
    deps.onOutcome?.({ platform, status: result.statusCode, ...outcome });
    return result;
  };

  if (request.rawBody.length > MAX_BODY_BYTES) {
    return done(
      { result: "too-large" },
      json(413, { error: `the body is larger than ${MAX_BODY_BYTES / 1024} KB` }),
    );
  }
  const connector = connectors[platform];
  const identified = connector.identify(request, deps.now());
  if (identified.kind === "ping") return done({ result: "ping" }, json(200, { ping: "ok" }));
  if (identified.kind === "reject") {
    return identified.status === 400
      ? done(
          { result: "invalid", issues: identified.issues ?? [] },
          badRequest(identified.error, identified.issues),
        )
      : done({ result: "unauthorized" }, json(401, { error: identified.error }));
  }
  const { delivery } = identified;
  const ids = { shop: delivery.shop, topic: delivery.topic, deliveryId: delivery.deliveryId };

  const secret = await deps.secretFor(platform, delivery.shop);
  if (secret === undefined || !connector.verify(secret, request)) {
    return done(
      { ...ids, result: "unauthorized" },
      json(401, { error: "missing or wrong signature, or unknown shop" }),
    );
  }
  if (delivery.deliveryId.length > MAX_DELIVERY_ID_LENGTH) {
    const issues = [
      { path: "headers.delivery-id", message: `longer than ${MAX_DELIVERY_ID_LENGTH} characters` },
    ];
    return done({ ...ids, result: "invalid", issues }, badRequest(describeIssues(issues), issues));
  }
  const key = { platform, shop: delivery.shop, deliveryId: delivery.deliveryId };
  if (await deps.deliveries.seen(key))
    return done({ ...ids, result: "duplicate" }, json(200, { duplicate: true }));

  const parsed = bodyFor(delivery, request.rawBody);
  if (!parsed.ok) {
    return done(
      { ...ids, result: "invalid", issues: parsed.issues },
      badRequest(describeIssues(parsed.issues), parsed.issues),
    );
  }
  const mapped = connector.map(
    deps.catalogCurrency ? { ...delivery, catalogCurrency: deps.catalogCurrency } : delivery,
    parsed.body,
  );
  switch (mapped.kind) {
    case "unknown-topic":
      deps.onUnknownTopic?.(platform, delivery.topic);
      return done({ ...ids, result: "ignored" }, json(200, { ignored: "unknown topic" }));
    case "invalid":
      return done(
        { ...ids, result: "invalid", issues: mapped.issues },
        badRequest(describeIssues(mapped.issues), mapped.issues),
      );
    case "erase": {
      if (!deps.onErase) {
        return done(
          { ...ids, result: "erase-unhandled" },
          json(200, { ignored: "erase requests are not handled yet" }),
        );
      }
      await deps.onErase({ platform, shop: mapped.shop, customerId: mapped.customerId });
      await deps.deliveries.remember(key, DELIVERY_TTL_SECONDS);
      return done({ ...ids, result: "erase" }, json(202, { erase: "accepted" }));
    }
    case "events": {
      if (mapped.events.length > 0)
        await deps.bus.publish(mapped.events.map((e) => toBusEvent(e, EVENT_SOURCE)));
      await deps.deliveries.remember(key, DELIVERY_TTL_SECONDS);
      return done(
        { ...ids, result: "accepted", events: mapped.events.length, warnings: mapped.warnings },
        json(202, { accepted: mapped.events.length }),
      );
    }
  }
}
