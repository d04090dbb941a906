import { pickLanguage } from "../../shared/http/pages";
import type { EventBus } from "../../shared/messaging/event-bus";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { DynamoSurveyStore, type SurveyAnswers } from "../../shared/persistence/survey-store";
import { documentClient, eventBridgeClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { header, httpHandler, rawBody } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { answerSurvey, type SurveyOutcome } from "./answer";
import { AnswerSurveyConfig } from "./config";
import { invalidPage } from "./pages";

const logger = createLogger("answer-survey");

function logOutcome(outcome: SurveyOutcome): void {
  // Never the token or the query string: a guest's token carries the address.
  if (outcome.reason === "invalid-event") logger.error("signed token makes no valid event", { ...outcome });
  else if (outcome.outcome === "refused") logger.warn("survey answer refused", { ...outcome });
  else logger.info("survey", { ...outcome });
}

/** `signingKey`: resolved per request; the secret is cached per container. */
export function createHandler(deps: {
  signingKey: () => Promise<string>;
  answers: SurveyAnswers;
  bus: EventBus;
  now?: () => Date;
}) {
  const now = deps.now ?? (() => new Date());
  return httpHandler(logger, async (event) => {
    const method = event.requestContext?.http?.method;
    const acceptLanguage = header(event, "accept-language");
    if (method !== "GET" && method !== "POST") {
      const page = invalidPage(pickLanguage(acceptLanguage), 405);
      return { ...page, headers: { ...page.headers, allow: "GET, POST" } };
    }
    return answerSurvey(
      {
        method,
        query: event.queryStringParameters ?? {},
        body: rawBody(event).toString("utf8"),
        now: now(),
        acceptLanguage,
      },
      { tokenKey: await deps.signingKey(), answers: deps.answers, bus: deps.bus, onOutcome: logOutcome },
    );
  });
}

export const handler = lazyHandler(() => {
  const config = readConfig(AnswerSurveyConfig);
  return createHandler({
    signingKey: () => requireSecret("TOKEN_SIGNING_KEY"),
    answers: new DynamoSurveyStore(documentClient(config.DYNAMODB_ENDPOINT), config.TABLE_NAME),
    bus: new EventBridgeBus(eventBridgeClient(), config.EVENT_BUS_NAME),
  });
});
