import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { applyShopEvent } from "../../functions/apply-shop-event/apply-event";
import { localClientConfig } from "../../infra/local/emulators";
import { ensureTable } from "../../infra/local/table";
import { dispatchDue } from "../../shared/campaigns/dispatch";
import { createSesClient } from "../../shared/email/ses-mailer";
import { CapacityMeter } from "../../shared/persistence/capacity";
import { type JourneyInstance, JourneyStore, journeyItem } from "../../shared/persistence/journey-store";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { EngineEnv, engineDeps } from "../../shared/runtime/engine";
import { consentEvent, customerEvent } from "../support/builders";
import { RecordingBus } from "../support/recording-bus";
import { fmt, pool, type Row } from "./harness";

/** Every read request the client makes, so nothing the engine does is left out (cursor, profiles, index). */
const READS = new Set([
  "GetItemCommand",
  "QueryCommand",
  "ScanCommand",
  "BatchGetItemCommand",
  "TransactGetItemsCommand",
]);

interface ReadMeters {
  all: CapacityMeter;
  dueIndex: CapacityMeter;
  scans: number;
}

/** A DynamoDB client whose reads are all metered with ReturnConsumedCapacity (asked for where the code did not). */
function meteredClient(
  endpoint: string,
  meters: ReadMeters,
): { raw: DynamoDBClient; db: DynamoDBDocumentClient } {
  const raw = new DynamoDBClient({ endpoint, ...localClientConfig(), maxAttempts: 6 });
  raw.middlewareStack.add(
    (next, context) => async (args) => {
      const read = READS.has(context.commandName ?? "");
      const input = args.input as { ReturnConsumedCapacity?: string; IndexName?: string };
      if (read) input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      if (read) {
        const consumed = (result.output as { ConsumedCapacity?: never }).ConsumedCapacity;
        meters.all.record("read", consumed);
        if (input.IndexName === "byDueTime") meters.dueIndex.record("read", consumed);
        if (context.commandName === "ScanCommand") meters.scans++;
      }
      return result;
    },
    { step: "initialize", name: "benchReadMeter" },
  );
  return { raw, db: DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } }) };
}

const MINUTE = 60_000;
/** 12:30 in Berlin: outside quiet hours, so every due lifecycle message is decided "send". */
const NOW = new Date("2026-11-10T11:30:00.000Z");

/** A waiting high-value-cart instance (the playbook's), in exactly the shape JourneyStore.create writes. */
function instance(i: number, dueAt: string): JourneyInstance {
  const triggeredAt = new Date(Date.parse(dueAt) - 4 * 60 * MINUTE).toISOString();
  return {
    shop: "default",
    customerKey: `id:d-${i}`,
    campaignId: "high-value-cart",
    key: `chk-${i}`,
    status: "scheduled",
    priority: "lifecycle",
    triggerEventId: `evt-chk-${i}`,
    triggeredAt,
    firstDueAt: dueAt,
    dueAt,
    trigger: {
      type: "checkout.updated",
      data: { checkoutId: `chk-${i}`, total: { amount: "749.00", currency: "EUR" }, completed: false },
    },
    attempts: 0,
    ledger: [{ at: triggeredAt, decision: "scheduled", until: dueAt }],
  };
}

/** Instance `i` of the bench: every 100th is due in the 30 minutes before `NOW`, the rest over the next 4 days. */
function benchItem(i: number): Record<string, unknown> {
  const at =
    i % 100 === 0
      ? NOW.getTime() - (1 + (i % 29)) * MINUTE
      : NOW.getTime() + MINUTE + ((i * 7919) % (4 * 24 * 60)) * MINUTE;
  return journeyItem(instance(i, new Date(at).toISOString()));
}

/** Bulk-loads instances in chunks of 2,500 (1 % due) until `max` or the time budget is reached. */
async function load(db: DynamoDBDocumentClient, tableName: string, max: number, budgetMs: number) {
  const chunk = 2_500;
  const start = performance.now();
  let n = 0;
  while (n < max && performance.now() - start < budgetMs) {
    const batches: Record<string, unknown>[][] = [];
    for (let i = n; i < n + chunk; i += 25)
      batches.push(Array.from({ length: 25 }, (_, j) => benchItem(i + j)));
    await pool(batches, 8, async (batch) => {
      let requests = batch.map((Item) => ({ PutRequest: { Item } }));
      while (requests.length) {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
        requests = (out.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      }
    });
    n += chunk;
  }
  return { n, seconds: (performance.now() - start) / 1000 };
}

/** The due customers: an address and confirmed marketing consent, as the profile writer stores them. */
async function givenConsentingProfiles(db: DynamoDBDocumentClient, tableName: string, ids: number[]) {
  const profiles = new DynamoProfileStore(db, tableName);
  const at = "2026-10-01T08:00:00.000Z";
  await pool(ids, 16, async (i) => {
    const customer = {
      id: `d-${i}`,
      email: `d-${i}@bench.example`,
      locale: "en-US",
      timeZone: "Europe/Berlin",
    };
    await applyShopEvent(customerEvent("customer.registered", { id: `reg-${i}`, customer, at }), {
      profiles,
    });
    const consent = consentEvent("consent.granted", { id: `opt-${i}`, customer, at, confirmedAt: at });
    await applyShopEvent(consent, { profiles });
  });
}

/**
 * DynamoDB reads per due message in one `dispatch` over N waiting instances of which 1 % are due
 * (in the 30 minutes before `now`), the rest over the next 4 days (some later in the same hour
 * bucket). N is as many as load within the budget, at most `maxInstances`: DynamoDB Local takes a
 * few hundred writes per second here. The due customers get a profile with an address and
 * confirmed consent, so every due message is decided, claimed and sent.
 */
export async function dispatchReads(
  endpoints: { dynamo: string; ses: string },
  options: { maxInstances: number; loadBudgetMs: number },
): Promise<Row[]> {
  const meters: ReadMeters = { all: new CapacityMeter(), dueIndex: new CapacityMeter(), scans: 0 };
  const { raw, db } = meteredClient(endpoints.dynamo, meters);
  const ses = createSesClient({ endpoint: endpoints.ses, ...localClientConfig() });
  const tableName = `bench-dispatch-${Date.now().toString(36)}`;
  try {
    await ensureTable(raw, tableName);
    const loaded = await load(db, tableName, options.maxInstances, options.loadBudgetMs);
    const n = loaded.n;
    const dueIds = Array.from({ length: n / 100 }, (_, k) => k * 100);

    await givenConsentingProfiles(db, tableName, dueIds);

    const bus = new RecordingBus();
    const deps = engineDeps(EngineEnv.parse({}), {
      db,
      tableName,
      ses,
      bus,
      tokenKey: LOCAL_DEFAULTS.TOKEN_SIGNING_KEY,
      suppressionSalt: LOCAL_DEFAULTS.SUPPRESSION_SALT,
      // Send pacing is measured in its own row; here it would only make the run longer.
      limiter: { acquire: async () => undefined },
    });
    // Steady state: the previous minute's dispatch left the cursor at this hour.
    await new JourneyStore(db, tableName).writeCursor(NOW.toISOString().slice(0, 13));
    meters.all.reset();
    meters.dueIndex.reset();
    const t = performance.now();
    const summary = await dispatchDue(NOW, deps);
    const dispatchSeconds = (performance.now() - t) / 1000;
    const due = summary.due;
    if (due !== dueIds.length) throw new Error(`dispatch found ${due} due, expected ${dueIds.length}`);
    const skips: Record<string, number> = {};
    for (const e of bus.published.filter((p) => p.detailType === "message.skipped")) {
      const reason = String((e.detail as { data: { reason?: string } }).data.reason);
      skips[reason] = (skips[reason] ?? 0) + 1;
    }
    const why = Object.entries(skips).map(([reason, k]) => `${k} ${reason}`);
    const outcomes = Object.entries(summary.outcomes).map(([k, v]) =>
      k === "skipped" && why.length ? `${v} skipped (${why.join(", ")})` : `${v} ${k}`,
    );
    const per = (m: CapacityMeter) => `${fmt(m.readUnits / due)} RCU, ${fmt(m.reads / due, 3)} requests`;
    return [
      {
        name: `dispatch, index reads per due message (${n.toLocaleString("en-US")} waiting, ${due.toLocaleString("en-US")} due)`,
        value: per(meters.dueIndex),
        note: `${meters.dueIndex.reads} Queries over ${summary.hours} hour buckets; ${meters.scans} Scans`,
      },
      {
        name: "dispatch, all reads per due message (index, cursor, profile per decision)",
        value: per(meters.all),
        target: "close to 1, no scans",
        note: `${outcomes.join(", ")} in ${fmt(dispatchSeconds, 1)} s; ${n.toLocaleString("en-US")} instances bulk-loaded in ${fmt(loaded.seconds, 1)} s`,
      },
    ];
  } finally {
    raw.destroy();
    ses.destroy();
  }
}
