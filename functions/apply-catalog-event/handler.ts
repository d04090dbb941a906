import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import { EventBridgeSchema } from "@aws-lambda-powertools/parser/schemas/eventbridge";
import middy from "@middy/core";
import type { z } from "zod";
import { type CatalogStore, DynamoCatalogStore } from "../../shared/catalog/catalog-store";
import { ShopEvent } from "../../shared/events/product-events";
import { documentClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { applyCatalogEvent } from "./apply-catalog";
import { ApplyCatalogEventConfig } from "./config";

const logger = createLogger("apply-catalog-event");

/** Product events, and orders (for the bought-together counts): the routes name which. */
const CatalogBusEvent = EventBridgeSchema.extend({ detail: ShopEvent });
type CatalogBusEvent = z.infer<typeof CatalogBusEvent>;

/** EventBridge target; a thrown error is retried and then lands in the failure queue (writes are idempotent). */
export function createHandler(deps: { catalog: CatalogStore }) {
  return middy()
    .use(injectLambdaContext(logger))
    .use(parser({ schema: CatalogBusEvent }))
    .handler(async (event: CatalogBusEvent) => {
      const outcome = await applyCatalogEvent(event.detail, deps);
      logger.info("applied", {
        eventId: event.detail.id,
        type: event.detail.type,
        shop: event.detail.shop,
        outcome,
      });
      return { outcome };
    });
}

export const handler = lazyHandler(() => {
  const config = readConfig(ApplyCatalogEventConfig);
  return createHandler({
    catalog: new DynamoCatalogStore(documentClient(config.DYNAMODB_ENDPOINT), config.TABLE_NAME),
  });
});
