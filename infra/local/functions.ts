import { type DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { createHandler as applyShopEvent } from "../../functions/apply-shop-event/handler";
import { createHandler as ingestEvents } from "../../functions/ingest-events/handler";
import { localSecretFor } from "../../functions/receive-webhooks/config";
import { createHandler as receiveWebhooks } from "../../functions/receive-webhooks/handler";
import { createHandler as serveAdmin } from "../../functions/serve-admin/handler";
import type { FunctionId } from "../../shared/events/routing";
import type { EventBus } from "../../shared/messaging/event-bus";
import type { CapacityMeter } from "../../shared/persistence/capacity";
import { DynamoDeliveryLog } from "../../shared/persistence/delivery-log";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";

// biome-ignore lint/suspicious/noExplicitAny: each function takes its own trigger's event
export type LocalFunction = (event: any, context: Context) => Promise<unknown>;

export interface LocalWiring {
  db: DynamoDBDocumentClient;
  tableName: string;
  sesEndpoint: string;
  bus: EventBus;
  env: Record<string, string | undefined>;
  meter?: CapacityMeter;
}

/**
 * The same functions as in AWS, built with local adapters. The record's type makes a function
 * that the routing table or the HTTP routes name but that is not wired here a compile error.
 */
export function wireFunctions(w: LocalWiring): Record<FunctionId, LocalFunction> {
  const profiles = new DynamoProfileStore(w.db, w.tableName, w.meter);
  const secret = (name: keyof typeof LOCAL_DEFAULTS) => w.env[name] ?? LOCAL_DEFAULTS[name];
  return {
    "ingest-events": ingestEvents({ secret: secret("EVENTS_API_SECRET"), bus: w.bus }),
    "receive-webhooks": receiveWebhooks({
      secretFor: localSecretFor(w.env),
      bus: w.bus,
      deliveries: new DynamoDeliveryLog(w.db, w.tableName),
      now: () => new Date(),
    }),
    "apply-shop-event": applyShopEvent({ profiles }),
    "serve-admin": serveAdmin({
      profiles,
      healthCheck: async () => {
        await w.db.send(new GetCommand({ TableName: w.tableName, Key: { pk: "HEALTH", sk: "HEALTH" } }));
        const ses = await fetch(`${w.sesEndpoint}/health-check`);
        if (!ses.ok) throw new Error(`SES local answered ${ses.status}`);
      },
    }),
  };
}
