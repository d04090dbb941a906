import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import { type DeliveryDeps, deliverInstance } from "../../shared/campaigns/deliver";
import { trackJourneys } from "../../shared/campaigns/track";
import { createSesClient } from "../../shared/email/ses-mailer";
import { CanonicalBusEvent } from "../../shared/events/bus-event";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { engineDeps } from "../../shared/runtime/engine";
import { createEngineMetrics, deliveryMetrics, publishMetrics } from "../../shared/runtime/engine-metrics";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { TrackJourneysConfig } from "./config";

const logger = createLogger("track-journeys");

/**
 * EventBridge target for the events campaigns trigger and exit on. Instance creation is keyed and
 * conditional, so a retried or duplicate event creates nothing twice; a campaign without a wait
 * is delivered at once, through the same exactly-once path as the dispatch job. With `metrics` (in
 * AWS), an immediate send's trigger-to-send latency goes out as EMF.
 */
export function createHandler(
  deps: DeliveryDeps & { now: () => Date; defaultTimeZone: string },
  metrics?: Metrics,
) {
  const handler = middy().use(injectLambdaContext(logger));
  if (metrics) handler.use(publishMetrics(metrics));
  return handler.use(parser({ schema: CanonicalBusEvent })).handler(async (event: CanonicalBusEvent) => {
    const summary = await trackJourneys(event.detail, {
      journeys: deps.journeys,
      profiles: deps.profiles,
      campaigns: [...deps.campaigns.values()],
      defaultTimeZone: deps.defaultTimeZone,
      now: deps.now,
      deliverNow: (instance, folded) => deliverInstance(instance, deps.now(), deps, { folded }),
      ...(deps.erasures ? { erasures: deps.erasures } : {}),
    });
    logger.info("tracked", { eventId: event.detail.id, type: event.detail.type, ...summary });
    return summary;
  });
}

export const handler = lazyHandler(async () => {
  const config = readConfig(TrackJourneysConfig);
  const deps = engineDeps(config, {
    db: documentClient(config.DYNAMODB_ENDPOINT),
    tableName: config.TABLE_NAME,
    ses: createSesClient(),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
    tokenKey: await requireSecret("TOKEN_SIGNING_KEY"),
    suppressionSalt: await requireSecret("SUPPRESSION_SALT"),
  });
  const metrics = createEngineMetrics();
  return createHandler(
    {
      ...deps,
      observer: deliveryMetrics(metrics),
      now: () => new Date(),
      defaultTimeZone: config.DEFAULT_TIME_ZONE,
    },
    metrics,
  );
});
