import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import middy from "@middy/core";
import { parseSesEvent } from "../../shared/email/ses-events";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { DynamoSendStats } from "../../shared/persistence/send-stats";
import { DynamoSuppressionList } from "../../shared/persistence/suppression-store";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { resolveSecret } from "../../shared/runtime/secrets";
import { RecordEmailFeedbackConfig } from "./config";
import { type FeedbackDeps, type FeedbackSummary, recordEmailFeedback } from "./record-feedback";

const logger = createLogger("record-email-feedback");

export type FeedbackAnswer = FeedbackSummary | { outcome: "unrecognised" };

/**
 * Target of the rule for `aws.ses` on the default bus (SES publishes nowhere else). What cannot be
 * read is acknowledged, not thrown: a retry would not make it readable, only fill the DLQ. A thrown
 * error (DynamoDB, the bus) is retried by Lambda's async invocation; the use case is idempotent.
 */
export function createHandler(deps: FeedbackDeps) {
  return middy()
    .use(injectLambdaContext(logger))
    .handler(async (event: unknown): Promise<FeedbackAnswer> => {
      const ses = parseSesEvent(event);
      if (!ses) {
        // The detail-type only: the body holds addresses.
        logger.warn("unrecognised SES event acknowledged", { detailType: detailTypeOf(event) });
        return { outcome: "unrecognised" };
      }
      const summary = await recordEmailFeedback(ses, deps);
      logger.info("feedback", { messageId: ses.messageId, ...summary });
      return summary;
    });
}

function detailTypeOf(event: unknown): string | undefined {
  const value =
    typeof event === "object" && event !== null
      ? (event as Record<string, unknown>)["detail-type"]
      : undefined;
  return typeof value === "string" ? value.slice(0, 100) : undefined;
}

export const handler = lazyHandler(() => {
  const config = readConfig(RecordEmailFeedbackConfig);
  return createHandler({
    suppressions: new DynamoSuppressionList(
      documentClient(config.DYNAMODB_ENDPOINT),
      config.TABLE_NAME,
      async () => {
        const salt = await resolveSecret("SUPPRESSION_SALT");
        if (!salt)
          throw new Error("configuration error: SUPPRESSION_SALT or SUPPRESSION_SALT_ARN must be set");
        return salt;
      },
    ),
    stats: new DynamoSendStats(documentClient(config.DYNAMODB_ENDPOINT), config.TABLE_NAME),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
    now: () => new Date(),
  });
});
