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

/**
 * Events per second through HTTP -> ingest -> bus -> profile writer and campaign tracker (every
 * order.placed also runs the playbook's triggers and exits), against raw UpdateItem in the same
 * run. Both functions share the local bus's 16 deliveries in flight, as the raw writes have 16,
 * while in AWS each has its own concurrency; so the fair measure of the pipeline's own overhead is
 * DynamoDB requests per second it keeps going against the raw rate, with the requests per event
 * beside it. Raw writes are measured before and after, and averaged: DynamoDB Local speeds up as
 * its JVM warms, which would flatter whichever side runs second.
 */
export async function throughput(host: LocalHost): Promise<Section> {
  const n = 3000;
  const rawBefore = await rawWriteRate(host, n);

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
  let dynamoRequests = 0;
  const counter = "bench-request-counter";
  host.db.middlewareStack.add(
    (next) => async (args) => {
      dynamoRequests++;
      return next(args);
    },
    { step: "initialize", name: counter },
  );
  const t = performance.now();
  try {
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
  } finally {
    host.db.middlewareStack.remove(counter);
  }
  const seconds = (performance.now() - t) / 1000;
  const rawAfter = await rawWriteRate(host, n);
  const rawRate = (rawBefore + rawAfter) / 2;
  const pipelineRate = n / seconds;
  const perEvent = dynamoRequests / n;
  return {
    title: "Local pipeline throughput (same run, same DynamoDB Local)",
    rows: [
      {
        name: "raw DynamoDB Local UpdateItem, 16 in flight",
        value: `${fmt(rawRate, 0)} /s`,
        note: `before ${fmt(rawBefore, 0)} /s, after ${fmt(rawAfter, 0)} /s`,
      },
      {
        name: "pipeline: HTTP -> ingest -> bus -> profile writer + campaign tracker",
        value: `${fmt(pipelineRate, 0)} events/s`,
        note: "order.placed in batches of 25, 16 deliveries in flight",
      },
      {
        name: "DynamoDB requests per event in the pipeline",
        value: fmt(perEvent, 2),
        note: "profile write, and the tracker's profile read, journey query, new journeys",
      },
      {
        name: "ratio pipeline DynamoDB requests/s / raw requests/s",
        value: fmt((pipelineRate * perEvent) / rawRate),
        target: ">= 0.80",
        note: "what HTTP, ingest, bus and code cost on top of the database work",
      },
      { name: "ratio pipeline events/s / raw writes/s", value: fmt(pipelineRate / rawRate) },
    ],
  };
}
