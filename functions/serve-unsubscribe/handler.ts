import { pickLanguage } from "../../shared/http/pages";
import type { EventBus } from "../../shared/messaging/event-bus";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { header, httpHandler, rawBody } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { ServeUnsubscribeConfig } from "./config";
import { invalidPage } from "./pages";
import { serveUnsubscribe, type UnsubscribeOutcome } from "./unsubscribe";

const logger = createLogger("serve-unsubscribe");

function logOutcome(outcome: UnsubscribeOutcome): void {
  // Never the token or the query string: a guest's token carries the address.
  if (outcome.reason === "invalid-event") logger.error("signed token makes no valid event", { ...outcome });
  else if (outcome.outcome === "refused") logger.warn("unsubscribe refused", { ...outcome });
  else logger.info("unsubscribe", { ...outcome });
}

/** `signingKey`: resolved per request; the secret is cached per container. */
export function createHandler(deps: { signingKey: () => Promise<string>; bus: EventBus; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return httpHandler(logger, async (event) => {
    const method = event.requestContext?.http?.method;
    const acceptLanguage = header(event, "accept-language");
    if (method !== "GET" && method !== "POST") {
      const page = invalidPage(pickLanguage(acceptLanguage), 405);
      return { ...page, headers: { ...page.headers, allow: "GET, POST" } };
    }
    return serveUnsubscribe(
      {
        method,
        query: event.queryStringParameters ?? {},
        body: rawBody(event).toString("utf8"),
        now: now(),
        acceptLanguage,
      },
      { tokenKey: await deps.signingKey(), bus: deps.bus, onOutcome: logOutcome },
    );
  });
}

export const handler = lazyHandler(() => {
  const config = readConfig(ServeUnsubscribeConfig);
  return createHandler({
    signingKey: () => requireSecret("TOKEN_SIGNING_KEY"),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
  });
});
