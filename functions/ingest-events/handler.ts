import type { EventBus } from "../../shared/messaging/event-bus";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { header, httpHandler, rawBody } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { IngestConfig } from "./config";
import { ingestEvents } from "./ingest";

const logger = createLogger("ingest-events");

export function createHandler(deps: { secret: string; bus: EventBus }) {
  return httpHandler(logger, async (event) => {
    const result = await ingestEvents(
      { rawBody: rawBody(event), signature: header(event, "x-signature") },
      deps,
    );
    logger.info("ingest", { status: result.statusCode });
    return result;
  });
}

export const handler = lazyHandler(async () => {
  const config = readConfig(IngestConfig);
  return createHandler({
    secret: await requireSecret("EVENTS_API_SECRET"),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
  });
});
