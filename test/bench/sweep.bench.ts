import { randomUUID } from "node:crypto";
import { sweepChurn } from "../../functions/sweep-churn/sweep";
import { startLocalHost } from "../../infra/local/host";
import { formatDay } from "../../shared/intelligence/days";
import { DEFAULT_SWEEP_OPTIONS } from "../../shared/intelligence/jobs/options";
import type { StoredShopModel } from "../../shared/intelligence/jobs/shop-model";
import type { BusEvent, EventBus } from "../../shared/messaging/event-bus";
import { CapacityMeter } from "../../shared/persistence/capacity";
import { DynamoInsightStore } from "../../shared/persistence/insight-store";
import { toItem } from "../../shared/persistence/profile-item";
import { DynamoShopModelStore } from "../../shared/persistence/shop-model-store";
import { seededRandom } from "../support/builders";
import { profileOf, seedProfiles } from "../support/seed-profiles";
import { fmt, type Section } from "./harness";

const DAY = 86_400_000;
const SHOP = "bench-sweep";

/**
 * DynamoDB reads per customer the daily churn sweep evaluates, on a table of many profiles
 * (SWEEP_BENCH_PROFILES, default 100,000) whose checks are spread over 100 days: the sweep
 * should read about one profile per evaluated customer, however large the table.
 */
export async function sweepReads(endpoints: { dynamo: string; ses: string }): Promise<Section> {
  const n = Number(process.env.SWEEP_BENCH_PROFILES ?? 100_000);
  const now = new Date("2026-06-01T04:00:00.000Z");
  const host = await startLocalHost({
    port: 0,
    dynamoEndpoint: endpoints.dynamo,
    sesEndpoint: endpoints.ses,
    tableName: `bench-sweep-${randomUUID().slice(0, 8)}`,
  });
  try {
    // Customers with 1-3 orders, the last one in the 100 days before today: the order's check
    // (two weeks later) falls on one of 100 days, about n / 100 of them on each.
    const random = seededRandom(3);
    const build = performance.now();
    const profiles = Array.from({ length: n }, (_, i) => {
      const last = now.getTime() - (14 + Math.floor(random() * 100)) * DAY;
      const count = 1 + Math.floor(random() * 3);
      return profileOf({
        shop: SHOP,
        id: `b-${i}`,
        orders: Array.from({ length: count }, (_, k) => ({
          at: new Date(last - (count - 1 - k) * 30 * DAY).toISOString(),
          amount: "25.00",
        })),
      });
    });
    const built = performance.now() - build;
    const seed = performance.now();
    await seedProfiles(host.db, host.tableName, profiles, 8);
    const seeded = performance.now() - seed;

    const meter = new CapacityMeter();
    const insights = new DynamoInsightStore(host.db, host.tableName, meter);
    const models = new DynamoShopModelStore(host.db, host.tableName, meter);
    // A shop the model job has seen (rules: the cheapest model, so the figure is the reads), swept until yesterday.
    await models.saveShopModel({
      shop: SHOP,
      fittedAt: now.toISOString(),
      asOfDay: 0,
      model: "rfm-rules",
      reason: "bench",
      params: null,
      logLikelihood: null,
      boundary: null,
      shopIntervalDays: 30,
      counts: { profiles: n, buyers: n, repeatBuyers: 0 },
    } satisfies StoredShopModel);
    await models.writeSweepCursor(SHOP, formatDay(Math.floor(now.getTime() / DAY) - 1));
    let published = 0;
    const bus: EventBus = {
      publish: async (events: readonly BusEvent[]) => {
        published += events.length;
      },
    };

    meter.reset();
    const started = performance.now();
    const summary = await sweepChurn(now, { insights, models, bus, options: DEFAULT_SWEEP_OPTIONS });
    const ms = performance.now() - started;
    const shop = summary.shops[0];
    const evaluated = Object.entries(shop?.outcomes ?? {})
      .filter(([k]) => k !== "not-due")
      .reduce((sum, [, v]) => sum + v, 0);
    const per = (x: number) => fmt(x / Math.max(1, evaluated));
    const sweepReads = meter.reads;
    const sweepRcu = meter.readUnits;
    const sweepWrites = meter.writes;

    // For comparison, what one Scan of the table would cost (the weekly model job reads it so):
    // DynamoDB bills a Scan by bytes read, 0.5 RCU per 4 KB eventually consistent. Estimated from
    // the items' size, since a Scan of this size takes DynamoDB Local many minutes.
    const bytes = profiles.reduce((sum, p) => sum + JSON.stringify(toItem(p, 1)).length, 0);
    const scanRcu = bytes / 4096 / 2;

    return {
      title: `Churn sweep: DynamoDB reads per evaluated customer (${n.toLocaleString("en-US")} profiles)`,
      rows: [
        {
          name: "customers evaluated (checks due yesterday and today)",
          value: `${evaluated.toLocaleString("en-US")} of ${n.toLocaleString("en-US")}`,
          note: `${shop?.days ?? 0} day buckets; ${published} events published`,
        },
        {
          name: "read requests per evaluated customer",
          value: per(sweepReads),
          target: "close to 1",
          note: "Query pages of byNextCheck + BatchGetItem (100 profiles a request) + model and cursor",
        },
        {
          name: "read units (RCU) per evaluated customer",
          value: per(sweepRcu),
          target: "close to 1",
          note: "eventually consistent profile reads (0.5 RCU per 4 KB) + keys-only index pages",
        },
        {
          name: "write requests per evaluated customer",
          value: per(sweepWrites),
          note: "one UpdateItem each + cursor",
        },
        {
          name: "sweep time",
          value: `${fmt(ms, 0)} ms`,
          note: `${fmt((evaluated / ms) * 1000, 0)} customers/s on DynamoDB Local`,
        },
        {
          name: "for comparison: one Scan of the table",
          value: `about ${fmt(scanRcu, 0)} RCU (${fmt(scanRcu / Math.max(1, evaluated))} per evaluated customer)`,
          note: "what a sweep without the index would read every day (estimated from the items' size)",
        },
        {
          name: "setup: build / BatchWriteItem the profiles",
          value: `${fmt(built, 0)} ms / ${fmt(seeded, 0)} ms`,
        },
      ],
    };
  } finally {
    await host.stop();
  }
}
