import { randomUUID } from "node:crypto";
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { applyShopEvent } from "../../functions/apply-shop-event/apply-event";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { signHex } from "../../shared/http/signature";
import { CapacityMeter } from "../../shared/persistence/capacity";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { orderPlaced, orderRefunded, seededRandom, shuffle } from "../support/builders";
import { fmt, pool, type Section } from "./harness";

/** DynamoDB units per event, measured with ReturnConsumedCapacity on DynamoDB Local. */
export async function unitsPerEvent(host: LocalHost): Promise<Section & { wcuPerNewEvent: number }> {
  const meter = new CapacityMeter();
  const profiles = new DynamoProfileStore(host.db, host.tableName, meter);
  const n = 500;
  const customer = (i: number) => ({
    id: `u-${i % 100}`,
    email: `u${i % 100}@example.com`,
    firstName: "Kim",
  });
  const inOrder = Array.from({ length: n }, (_, i) =>
    orderPlaced({
      customer: customer(i),
      orderId: `uo-${i}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    }),
  );
  const measure = async (events: CanonicalEvent[]) => {
    meter.reset();
    for (const e of events) await applyShopEvent(e, { profiles });
    return {
      w: meter.writeUnits / events.length,
      r: meter.readUnits / events.length,
      req: (meter.reads + meter.writes) / events.length,
    };
  };
  const fresh = await measure(inOrder);
  const duplicates = await measure(inOrder.slice(0, 200));
  // Refunds delivered before their orders, then the orders: the out-of-order slow path.
  const late = Array.from({ length: 100 }, (_, i) => [
    orderRefunded({ customer: { id: `late-${i}` }, orderId: `lo-${i}`, amount: "1.00" }),
    orderPlaced({ customer: { id: `late-${i}` }, orderId: `lo-${i}`, at: "2025-01-01T00:00:00.000Z" }),
  ]).flat();
  const outOfOrder = await measure(late);
  const row = (name: string, m: { w: number; r: number; req: number }, target?: string) => ({
    name,
    value: `${fmt(m.w)} WCU, ${fmt(m.r)} RCU, ${fmt(m.req)} requests`,
    ...(target ? { target } : {}),
  });
  return {
    wcuPerNewEvent: fresh.w,
    title: "Profile writer: DynamoDB capacity per event (ReturnConsumedCapacity)",
    rows: [
      row("new or in-order event", fresh, "1 write"),
      {
        ...row("duplicate delivery", duplicates, "1 request, item unchanged"),
        note: "the conditional update is rejected; DynamoDB bills a rejected write as 1 WCU",
      },
      row("refund before its order, then the order", outOfOrder, "1 write"),
    ],
  };
}

/**
 * Raw DynamoDB Local UpdateItem per second (16 in flight), single-item updates on distinct items:
 * the floor of any profile write, and the baseline other throughputs are given against.
 */
export async function rawWriteRate(host: LocalHost, n = 3000, concurrency = 16): Promise<number> {
  const raw = Array.from({ length: n }, (_, i) => i);
  const update = async (i: number) => {
    await host.db.send(
      new UpdateCommand({
        TableName: host.tableName,
        Key: { pk: `RAW#${i}`, sk: "RAW" },
        UpdateExpression: "SET v = :v ADD n :one",
        ExpressionAttributeValues: { ":v": randomUUID(), ":one": 1 },
      }),
    );
  };
  await pool(raw.slice(0, 1000), concurrency, update); // warm the JVM up first
  const t = performance.now();
  await pool(raw, concurrency, update);
  return n / ((performance.now() - t) / 1000);
}

/** Events per second through HTTP -> ingest -> bus -> profile writer, against raw UpdateItem in the same run. */
export async function throughput(host: LocalHost): Promise<Section> {
  const n = 3000;
  const rawRate = await rawWriteRate(host, n);

  const random = seededRandom(7);
  const events = shuffle(
    Array.from({ length: n }, (_, i) =>
      orderPlaced({
        customer: { id: `tp-${i % 1000}` },
        orderId: `tp-o-${i}`,
        at: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
      }),
    ),
    random,
  );
  const requests: string[] = [];
  for (let i = 0; i < events.length; i += 25)
    requests.push(JSON.stringify({ events: events.slice(i, i + 25) }));
  const t = performance.now();
  await pool(requests, 4, async (body) => {
    const res = await fetch(`${host.url}/events`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-signature": signHex(LOCAL_DEFAULTS.EVENTS_API_SECRET, body),
      },
      body,
    });
    if (res.status !== 202) throw new Error(`ingest answered ${res.status}`);
  });
  await host.bus.idle();
  const pipelineRate = n / ((performance.now() - t) / 1000);
  return {
    title: "Local pipeline throughput (same run, same DynamoDB Local)",
    rows: [
      { name: "raw DynamoDB Local UpdateItem, 16 in flight", value: `${fmt(rawRate, 0)} /s` },
      {
        name: "pipeline: HTTP -> ingest -> bus -> profile writer",
        value: `${fmt(pipelineRate, 0)} events/s`,
        note: "batches of 25",
      },
      { name: "ratio pipeline / raw", value: fmt(pipelineRate / rawRate), target: ">= 0.80" },
    ],
  };
}
