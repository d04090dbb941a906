import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyShopEvent } from "../../functions/apply-shop-event/apply-event";
import type { LocalHost } from "../../infra/local/host";
import { CapacityMeter } from "../../shared/persistence/capacity";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { orderPlaced } from "../support/builders";
import { startTestHost } from "../support/local-host";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const SHOP = "checks";
const order = (id: string, orderId: string, at: string) =>
  orderPlaced({ shop: SHOP, customer: { id }, orderId, at, amount: "20.00" });

async function checkOf(id: string): Promise<unknown> {
  const out = await host.db.send(
    new GetCommand({ TableName: host.tableName, Key: { pk: `S#${SHOP}#C#id:${id}`, sk: "PROFILE" } }),
  );
  return out.Item?.checkPk;
}

type Summary = { shops: Array<{ shop: string; due: number; outcomes: Record<string, number> }> };
const run = async (job: string, now: string) =>
  ((await (host.jobs[job] as (now: Date) => Promise<unknown>)(new Date(now))) as Summary).shops.find(
    (s) => s.shop === SHOP,
  );

describe("the next-check index (byNextCheck)", () => {
  it("files each order's check in the same single write, and an older order delivered late keeps the newest's", async () => {
    const meter = new CapacityMeter();
    const profiles = new DynamoProfileStore(host.db, host.tableName, meter);

    await applyShopEvent(order("a", "a-1", "2026-03-01T10:00:00.000Z"), { profiles });
    await applyShopEvent(order("a", "a-2", "2026-04-01T10:00:00.000Z"), { profiles });
    const inOrder = { writes: meter.writes, reads: meter.reads, check: await checkOf("a") };
    await applyShopEvent(order("a", "a-0", "2026-02-01T10:00:00.000Z"), { profiles });

    expect(inOrder).toEqual({ writes: 2, reads: 0, check: `CHECK#${SHOP}#2026-04-15` });
    expect(await checkOf("a")).toBe(`CHECK#${SHOP}#2026-04-15`);
    // The late order: the fast path's condition refuses it, the fold writes it with the kept check.
    expect(meter.writes - inOrder.writes).toBe(2);
  });

  it("has the sweep read only the customers due, and fit-model refile a check the sweep has passed", async () => {
    const profiles = new DynamoProfileStore(host.db, host.tableName);
    await applyShopEvent(order("due", "d-1", "2026-05-01T10:00:00.000Z"), { profiles });
    await applyShopEvent(order("later", "l-1", "2026-05-25T10:00:00.000Z"), { profiles });
    await run("fit-model", "2026-05-26T02:00:00.000Z");
    const first = await run("churn-sweep", "2026-05-26T04:00:00.000Z");
    const dueCheck = await checkOf("due");

    // an order from March, imported today: its check (March 15) lies behind the sweep's cursor
    await applyShopEvent(order("imported", "i-1", "2026-03-01T10:00:00.000Z"), { profiles });
    const missed = await run("churn-sweep", "2026-05-27T04:00:00.000Z");
    await run("fit-model", "2026-05-27T05:00:00.000Z");
    const refiled = await checkOf("imported");
    const next = await run("churn-sweep", "2026-05-28T04:00:00.000Z");

    // "a" (checked April 15) and "due" (May 15) were due on the first sweep; "later" (June 8) was not read.
    expect(first?.due).toBe(2);
    expect(missed?.due).toBe(0);
    expect(refiled).toBe(`CHECK#${SHOP}#2026-05-27`);
    // Then "imported" (refiled for May 27) and "due", whose next check the first sweep filed for May 28:
    // three days before its next order is due (May 31), when the replenishment notice goes out.
    // "a" (May 30) and "later" (June 8) are still not read.
    expect(dueCheck).toBe(`CHECK#${SHOP}#2026-05-28`);
    expect(next?.due).toBe(2);
    expect(next?.outcomes).toEqual({ "at-risk": 1, active: 1 });
  });
});
