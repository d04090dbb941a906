import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { sweepOptionsOf } from "../../shared/intelligence/jobs/options";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { DynamoInsightStore } from "../../shared/persistence/insight-store";
import { DynamoShopModelStore } from "../../shared/persistence/shop-model-store";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { SweepChurnConfig } from "./config";
import { type SweepDeps, sweepChurn } from "./sweep";

const logger = createLogger("sweep-churn");

/** Scheduled daily: re-evaluates the customers due for a check at the schedule's time. */
export function createHandler(deps: SweepDeps) {
  return middy<Pick<ScheduledEvent, "time">>()
    .use(injectLambdaContext(logger))
    .handler(async (event: Pick<ScheduledEvent, "time">) => {
      const summary = await sweepChurn(event.time ? new Date(event.time) : new Date(), deps);
      logger.info("swept", { ...summary });
      return summary;
    });
}

export const handler = lazyHandler(() => {
  const config = readConfig(SweepChurnConfig);
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  return createHandler({
    insights: new DynamoInsightStore(db, config.TABLE_NAME),
    models: new DynamoShopModelStore(db, config.TABLE_NAME),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
    options: sweepOptionsOf(config),
  });
});
