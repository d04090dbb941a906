import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import middy from "@middy/core";
import type { Context, ScheduledEvent } from "aws-lambda";
import type { DeliveryDeps } from "../../shared/campaigns/deliver";
import { dispatchDue } from "../../shared/campaigns/dispatch";
import { createSesClient, maxSendRateFromAccount } from "../../shared/email/ses-mailer";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { engineDeps } from "../../shared/runtime/engine";
import { createEngineMetrics, deliveryMetrics, publishMetrics } from "../../shared/runtime/engine-metrics";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { DispatchMessagesConfig } from "./config";

const logger = createLogger("dispatch-messages");

/**
 * No new send starts with less time left than this: a send that SES throttles 8 times backs off
 * for up to ~16 s, and one cut off by the timeout after SES accepted it would be sent again once
 * its lease runs out. With the 60 s timeout a run sends for ~35 s and ends before the next one.
 */
export const STOP_MARGIN_MS = 25_000;

/**
 * Scheduled every minute: sends what is due at the schedule's time (the event's `time`). With
 * `metrics` (in AWS), the run's latencies and breaker holds go out as EMF at its end.
 */
export function createHandler(deps: DeliveryDeps, metrics?: Metrics) {
  const handler = middy<Pick<ScheduledEvent, "time">>().use(injectLambdaContext(logger));
  if (metrics) handler.use(publishMetrics(metrics));
  return handler.handler(async (event: Pick<ScheduledEvent, "time">, context: Context) => {
    const now = event.time ? new Date(event.time) : new Date();
    // A caller without a Lambda context (a test, a script) runs to the end.
    const remaining = context?.getRemainingTimeInMillis?.bind(context);
    const shouldStop = () => (remaining ? remaining() < STOP_MARGIN_MS : false);
    const summary = await dispatchDue(now, { ...deps, shouldStop });
    logger.info("dispatched", { ...summary });
    return summary;
  });
}

export const handler = lazyHandler(async () => {
  const config = readConfig(DispatchMessagesConfig);
  const ses = createSesClient();
  // Stay under the account's real sending rate and under the configured cap, if any (e.g. while
  // a new domain warms up); without the account's, the cap or SES's sandbox rate (engineDeps).
  const account = await maxSendRateFromAccount(ses).catch((error: unknown) => {
    logger.warn("GetAccount failed: sending at the configured or the sandbox rate", {
      error: error instanceof Error ? error.name : String(error),
    });
    return undefined;
  });
  const cap = config.SES_MAX_SEND_RATE;
  const rate = account === undefined ? cap : Math.min(account, cap ?? Number.POSITIVE_INFINITY);
  const metrics = createEngineMetrics();
  const deps = engineDeps(
    { ...config, SES_MAX_SEND_RATE: rate },
    {
      db: documentClient(config.DYNAMODB_ENDPOINT),
      tableName: config.TABLE_NAME,
      ses,
      bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
      tokenKey: await requireSecret("TOKEN_SIGNING_KEY"),
      suppressionSalt: await requireSecret("SUPPRESSION_SALT"),
    },
  );
  return createHandler({ ...deps, observer: deliveryMetrics(metrics) }, metrics);
});
