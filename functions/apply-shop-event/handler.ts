import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import { CanonicalBusEvent } from "../../shared/events/bus-event";
import { type ConsentLedger, DynamoConsentLedger } from "../../shared/persistence/consent-ledger";
import { DynamoProfileStore, type ProfileStore } from "../../shared/persistence/profile-store";
import { documentClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { applyShopEvent } from "./apply-event";
import { ApplyShopEventConfig } from "./config";

const logger = createLogger("apply-shop-event");

/**
 * EventBridge target. A thrown error makes Lambda's asynchronous invocation retry (twice) and then
 * land the event in the function's failure queue (the rule's own dead-letter queue holds what
 * EventBridge could not deliver at all); folding is idempotent, so a retry or a redrive never
 * counts anything twice.
 */
export function createHandler(deps: { profiles: ProfileStore; consents: ConsentLedger }) {
  return middy()
    .use(injectLambdaContext(logger))
    .use(parser({ schema: CanonicalBusEvent }))
    .handler(async (event: CanonicalBusEvent) => {
      const outcome = await applyShopEvent(event.detail, deps);
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
  const config = readConfig(ApplyShopEventConfig);
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  return createHandler({
    profiles: new DynamoProfileStore(db, config.TABLE_NAME),
    consents: new DynamoConsentLedger(db, config.TABLE_NAME),
  });
});
