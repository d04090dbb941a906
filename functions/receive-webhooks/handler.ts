import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { PLATFORMS, type Platform } from "../../shared/connectors/index";
import { json } from "../../shared/http/responses";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { DynamoDeliveryLog } from "../../shared/persistence/delivery-log";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { type HttpEvent, httpHandler, rawBody } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { resolveSecret } from "../../shared/runtime/secrets";
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
  return createHandler({
    secretFor: createSecretFor(config.SHOP_SECRETS, (name) => resolveSecret(name)),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
    deliveries: new DynamoDeliveryLog(documentClient(config.DYNAMODB_ENDPOINT), config.TABLE_NAME),
    now: () => new Date(),
    onUnknownTopic: (platform) => {
      // Emitted at once (EMF): the answer is already 200, there is no later flush to wait for.
      const metric = metrics.singleMetric();
      metric.addDimension("platform", platform);
      metric.addMetric("UnknownWebhookTopic", MetricUnit.Count, 1);
    },
  });
});
