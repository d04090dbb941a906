import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { PLATFORMS, type Platform } from "../../shared/connectors/index";
import { json } from "../../shared/http/responses";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { DynamoDeliveryLog } from "../../shared/persistence/delivery-log";
import { DynamoErasureGuard } from "../../shared/persistence/erasure-guard";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { DynamoSuppressionList } from "../../shared/persistence/suppression-store";
import { DynamoCustomerPartitions } from "../../shared/privacy/customer-partition";
import { eraseShopCustomer } from "../../shared/privacy/erase";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { type HttpEvent, httpHandler, rawBody } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret, resolveSecret } from "../../shared/runtime/secrets";
import { createSecretFor, ReceiveWebhooksConfig } from "./config";
import { type ReceiveDeps, type ReceiveOutcome, receiveWebhook } from "./receive";

const logger = createLogger("receive-webhooks");

/** `/webhooks/{platform}`: the path parameter where the route declares one, else the path's last segment. */
export function platformOf(event: Pick<HttpEvent, "pathParameters" | "rawPath">): Platform | undefined {
  const candidate = event.pathParameters?.platform ?? event.rawPath?.split("/").filter(Boolean).pop();
  return PLATFORMS.find((p) => p === candidate);
}

function logOutcome(outcome: ReceiveOutcome): void {
  // Ids, topics and field paths only: payloads and headers carry names and emails.
  const quiet = ["accepted", "duplicate", "ignored", "ping"].includes(outcome.result);
  if (quiet) logger.info("webhook", { ...outcome });
  else logger.warn("webhook refused or not handled", { ...outcome });
}

export function createHandler(deps: Omit<ReceiveDeps, "onOutcome">) {
  return httpHandler(logger, async (event) => {
    const platform = platformOf(event);
    if (!platform)
      return json(404, { error: "unknown platform; use /webhooks/shopify, woocommerce or shopware" });
    return receiveWebhook(
      { platform, rawBody: rawBody(event), headers: event.headers ?? {} },
      { ...deps, onOutcome: logOutcome },
    );
  });
}

export const handler = lazyHandler(() => {
  const config = readConfig(ReceiveWebhooksConfig);
  const metrics = new Metrics({ namespace: "Stammkunde", serviceName: "receive-webhooks" });
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  const erase = eraseShopCustomer({
    partitions: new DynamoCustomerPartitions(db, config.TABLE_NAME),
    profiles: new DynamoProfileStore(db, config.TABLE_NAME),
    // Resolved on the first erase request only, then cached per container.
    suppressions: new DynamoSuppressionList(db, config.TABLE_NAME, () => requireSecret("SUPPRESSION_SALT")),
    now: () => new Date(),
    guard: new DynamoErasureGuard(db, config.TABLE_NAME, () => requireSecret("SUPPRESSION_SALT")),
  });
  return createHandler({
    secretFor: createSecretFor(config.SHOP_SECRETS, (name) => resolveSecret(name), {
      ids: config.SHOP_SECRET_IDS,
      // The resolver caches by secret id; SHOP_SECRET is only the name its messages use.
      fetch: (secretId) => resolveSecret("SHOP_SECRET", { SHOP_SECRET_ARN: secretId }),
    }),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
    deliveries: new DynamoDeliveryLog(db, config.TABLE_NAME),
    now: () => new Date(),
    ...(config.CATALOG_CURRENCY ? { catalogCurrency: config.CATALOG_CURRENCY } : {}),
    onErase: async (request) => {
      const receipt = await erase(request);
      // Ids and counts only: the receipt never holds the address.
      logger.info("customer erased", { platform: request.platform, ...receipt });
    },
    onUnknownTopic: (platform) => {
      // Emitted at once (EMF): the answer is already 200, there is no later flush to wait for.
      const metric = metrics.singleMetric();
      metric.addDimension("platform", platform);
      metric.addMetric("UnknownWebhookTopic", MetricUnit.Count, 1);
    },
  });
});
