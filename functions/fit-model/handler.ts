import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import type { ScheduledEvent } from "aws-lambda";
import { sweepOptionsOf } from "../../shared/intelligence/jobs/options";
import { DynamoInsightStore } from "../../shared/persistence/insight-store";
import { DynamoShopModelStore } from "../../shared/persistence/shop-model-store";
import { documentClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { FitModelConfig } from "./config";
import { type FitModelDeps, fitModels } from "./fit-model";

const logger = createLogger("fit-model");

/** Scheduled weekly: fits every shop's model as of the schedule's time and writes the predictions. */
export function createHandler(deps: FitModelDeps) {
  return middy<Pick<ScheduledEvent, "time">>()
    .use(injectLambdaContext(logger))
    .handler(async (event: Pick<ScheduledEvent, "time">) => {
      const summary = await fitModels(event.time ? new Date(event.time) : new Date(), deps);
      // Shop ids, model kinds and counts only: no customer data in the log.
      logger.info("fitted", { ...summary });
      return summary;
    });
}

export const handler = lazyHandler(() => {
  const config = readConfig(FitModelConfig);
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  return createHandler({
    insights: new DynamoInsightStore(db, config.TABLE_NAME),
    models: new DynamoShopModelStore(db, config.TABLE_NAME),
    options: sweepOptionsOf(config),
  });
});
