import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import { EventBridgeSchema } from "@aws-lambda-powertools/parser/schemas/eventbridge";
import middy from "@middy/core";
import type { z } from "zod";
import { type CatalogStore, DynamoCatalogStore } from "../../shared/catalog/catalog-store";
import { ProductEvent } from "../../shared/events/product-events";
import { documentClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { applyCatalogEvent } from "./apply-catalog";
import { ApplyCatalogEventConfig } from "./config";

const logger = createLogger("apply-catalog-event");

const ProductBusEvent = EventBridgeSchema.extend({ detail: ProductEvent });
type ProductBusEvent = z.infer<typeof ProductBusEvent>;

/** EventBridge target; a thrown error is retried and then lands in the failure queue (writes are idempotent). */
export function createHandler(deps: { catalog: CatalogStore }) {
  return middy()
    .use(injectLambdaContext(logger))
    .use(parser({ schema: ProductBusEvent }))
    .handler(async (event: ProductBusEvent) => {
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
