import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { createHandler as answerSurvey } from "../../functions/answer-survey/handler";
import { createHandler as applyCatalogEvent } from "../../functions/apply-catalog-event/handler";
import { createHandler as applyShopEvent } from "../../functions/apply-shop-event/handler";
import { createHandler as confirmConsent } from "../../functions/confirm-consent/handler";
import { createHandler as dispatchMessages } from "../../functions/dispatch-messages/handler";
import { createHandler as fitModel } from "../../functions/fit-model/handler";
import { createHandler as followUpSurveys } from "../../functions/follow-up-surveys/handler";
import { createHandler as ingestEvents } from "../../functions/ingest-events/handler";
import { localSecretFor } from "../../functions/receive-webhooks/config";
import { createHandler as receiveWebhooks } from "../../functions/receive-webhooks/handler";
import { createHandler as recordEmailFeedback } from "../../functions/record-email-feedback/handler";
import { createHandler as serveAdmin } from "../../functions/serve-admin/handler";
import { createHandler as serveUnsubscribe } from "../../functions/serve-unsubscribe/handler";
import { createHandler as sweepChurn } from "../../functions/sweep-churn/handler";
import { createHandler as trackJourneys } from "../../functions/track-journeys/handler";
import type { CampaignInput } from "../../shared/campaigns/definition";
import type { DeliveryDeps } from "../../shared/campaigns/deliver";
import { DynamoCatalogStore } from "../../shared/catalog/catalog-store";
import { createSesClient, type SesSendClient } from "../../shared/email/ses-mailer";
import type { FunctionId } from "../../shared/events/routing";
import { ModelEnv, sweepOptionsOf } from "../../shared/intelligence/jobs/options";
import type { EventBus } from "../../shared/messaging/event-bus";
import type { CapacityMeter } from "../../shared/persistence/capacity";
import { DynamoConsentLedger } from "../../shared/persistence/consent-ledger";
import { DynamoDeliveryLog } from "../../shared/persistence/delivery-log";
import { DynamoInsightStore } from "../../shared/persistence/insight-store";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { DynamoSendStats } from "../../shared/persistence/send-stats";
import { DynamoShopModelStore } from "../../shared/persistence/shop-model-store";
import { DynamoSuppressionList } from "../../shared/persistence/suppression-store";
import { DynamoSurveyStore } from "../../shared/persistence/survey-store";
import { DynamoCustomerPartitions } from "../../shared/privacy/customer-partition";
import { type EraseDeps, eraseShopCustomer } from "../../shared/privacy/erase";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { EngineEnv, engineDeps } from "../../shared/runtime/engine";
import { referralCode } from "../../shared/surveys/referral-code";
import { localClientConfig } from "./emulators";

// biome-ignore lint/suspicious/noExplicitAny: each function takes its own trigger's event
export type LocalFunction = (event: any, context: Context) => Promise<unknown>;

export interface LocalWiring {
  /** The local host's clock: tests move it; AWS uses the real one. */
  now: () => Date;
  db: DynamoDBDocumentClient;
  tableName: string;
  sesEndpoint: string;
  bus: EventBus;
  env: Record<string, string | undefined>;
  meter?: CapacityMeter;
  publicUrl: string;
  /** An SES client to use instead of one on the emulator (fault injection: throttling). */
  ses?: SesSendClient;
  /** Campaigns to run instead of the playbook (benchmarks, experiments). */
  campaigns?: readonly CampaignInput[];
}

/**
 * The same functions as in AWS, built with local adapters. The record's type makes a function
 * that the routing table or the HTTP routes name but that is not wired here a compile error.
 */
export function wireFunctions(w: LocalWiring): {
  functions: Record<FunctionId, LocalFunction>;
  engine: DeliveryDeps;
} {
  const profiles = new DynamoProfileStore(w.db, w.tableName, w.meter);
  const insights = new DynamoInsightStore(w.db, w.tableName, w.meter);
  const models = new DynamoShopModelStore(w.db, w.tableName, w.meter);
  const modelOptions = sweepOptionsOf(ModelEnv.parse(w.env));
  const secret = (name: keyof typeof LOCAL_DEFAULTS) => w.env[name] ?? LOCAL_DEFAULTS[name];
  const engineEnv = EngineEnv.parse({ PUBLIC_BASE_URL: w.publicUrl, SES_MAX_SEND_RATE: "50", ...w.env });
  const engine = engineDeps(engineEnv, {
    db: w.db,
    tableName: w.tableName,
    ses: w.ses ?? createSesClient({ endpoint: w.sesEndpoint, ...localClientConfig() }),
    bus: w.bus,
    tokenKey: secret("TOKEN_SIGNING_KEY"),
    suppressionSalt: secret("SUPPRESSION_SALT"),
    ...(w.meter ? { meter: w.meter } : {}),
    ...(w.campaigns ? { campaigns: w.campaigns } : {}),
  });
  const surveys = new DynamoSurveyStore(w.db, w.tableName);
  const privacy: EraseDeps = {
    partitions: new DynamoCustomerPartitions(w.db, w.tableName),
    profiles,
    suppressions: new DynamoSuppressionList(w.db, w.tableName, secret("SUPPRESSION_SALT")),
    now: w.now,
    ...(engine.erasures ? { guard: engine.erasures } : {}),
  };
  const functions: Record<FunctionId, LocalFunction> = {
    "ingest-events": ingestEvents({ secret: secret("EVENTS_API_SECRET"), bus: w.bus }),
    "receive-webhooks": receiveWebhooks({
      secretFor: localSecretFor(w.env),
      bus: w.bus,
      deliveries: new DynamoDeliveryLog(w.db, w.tableName),
      now: () => new Date(),
      ...(w.env.CATALOG_CURRENCY ? { catalogCurrency: w.env.CATALOG_CURRENCY } : {}),
      onErase: async (request) => {
        await eraseShopCustomer(privacy)(request);
      },
    }),
    "apply-shop-event": applyShopEvent({
      profiles,
      consents: new DynamoConsentLedger(w.db, w.tableName, w.meter),
    }),
    "apply-catalog-event": applyCatalogEvent({ catalog: new DynamoCatalogStore(w.db, w.tableName) }),
    "serve-admin": serveAdmin({
      profiles,
      privacy,
      healthCheck: async () => {
        await w.db.send(new GetCommand({ TableName: w.tableName, Key: { pk: "HEALTH", sk: "HEALTH" } }));
        const ses = await fetch(`${w.sesEndpoint}/health-check`);
        if (!ses.ok) throw new Error(`SES local answered ${ses.status}`);
      },
    }),
    "track-journeys": trackJourneys({ ...engine, now: w.now, defaultTimeZone: engineEnv.DEFAULT_TIME_ZONE }),
    "dispatch-messages": dispatchMessages(engine),
    "record-email-feedback": recordEmailFeedback({
      suppressions: new DynamoSuppressionList(w.db, w.tableName, secret("SUPPRESSION_SALT")),
      stats: new DynamoSendStats(w.db, w.tableName),
      bus: w.bus,
      now: w.now,
    }),
    "serve-unsubscribe": serveUnsubscribe({
      signingKey: async () => secret("TOKEN_SIGNING_KEY"),
      bus: w.bus,
      now: w.now,
    }),
    "confirm-consent": confirmConsent({
      signingKey: async () => secret("TOKEN_SIGNING_KEY"),
      bus: w.bus,
      now: w.now,
    }),
    "answer-survey": answerSurvey({
      signingKey: async () => secret("TOKEN_SIGNING_KEY"),
      answers: surveys,
      bus: w.bus,
      now: w.now,
    }),
    "follow-up-surveys": followUpSurveys({
      profiles,
      referrals: surveys,
      bus: w.bus,
      codeOf: (shop, customerKey) => referralCode(secret("TOKEN_SIGNING_KEY"), shop, customerKey),
    }),
    "fit-model": fitModel({ insights, models, options: modelOptions }),
    "sweep-churn": sweepChurn({ insights, models, bus: w.bus, options: modelOptions }),
  };
  return { functions, engine };
}
