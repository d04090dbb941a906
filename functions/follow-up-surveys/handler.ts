import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import { CanonicalBusEvent } from "../../shared/events/bus-event";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { DynamoSurveyStore } from "../../shared/persistence/survey-store";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { referralCode } from "../../shared/surveys/referral-code";
import { FollowUpSurveysConfig } from "./config";
import { type FollowUpDeps, followUpSurvey } from "./follow-up";

const logger = createLogger("follow-up-surveys");

/**
 * EventBridge target for survey answers and for orders with a referral code. A thrown error makes
 * Lambda retry and then park the event in the failure queue; every step is idempotent, so a retry
 * or a redrive publishes nothing twice.
 */
export function createHandler(deps: FollowUpDeps) {
  return middy()
    .use(injectLambdaContext(logger))
    .use(parser({ schema: CanonicalBusEvent }))
    .handler(async (event: CanonicalBusEvent) => {
      const outcome = await followUpSurvey(event.detail, deps);
      // Ids only: neither codes nor addresses.
      logger.info("followed up", {
        eventId: event.detail.id,
        type: event.detail.type,
        shop: event.detail.shop,
        outcome,
      });
      return { outcome };
    });
}

export const handler = lazyHandler(async () => {
  const config = readConfig(FollowUpSurveysConfig);
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  const key = await requireSecret("TOKEN_SIGNING_KEY");
  return createHandler({
    profiles: new DynamoProfileStore(db, config.TABLE_NAME),
    referrals: new DynamoSurveyStore(db, config.TABLE_NAME),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
    codeOf: (shop, customerKey) => referralCode(key, shop, customerKey),
  });
});
