import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { applyShopEvent } from "../../functions/apply-shop-event/apply-event";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { CapacityMeter } from "../../shared/persistence/capacity";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { keys } from "../../shared/persistence/table-design";
import { consentEvent } from "../support/builders";
import { heavyCustomerHistory } from "../support/heavy-customer";
import { fmt, type Section } from "./harness";

/**
 * A shop's heaviest customer: her 5,000-order history (one order of 200 lines) applied in order,
 * then what her profile item weighs and what one more event costs. Item sizes are the JSON length
 * of the stored item (close to DynamoDB's own count); the limit is 400 KB per item.
 */
export async function heavyCustomer(host: LocalHost, orders = 5000): Promise<Section> {
  const meter = new CapacityMeter();
  const profiles = new DynamoProfileStore(host.db, host.tableName, meter);
  const id = `heavy-bench-${orders}`;
  const history = heavyCustomerHistory(id, orders);
  for (const e of history) await applyShopEvent(e, { profiles });
  const historyWcu = meter.writeUnits / history.length;

  const next = heavyCustomerHistory(id, orders + 100).slice(-100);
  const measure = async (events: CanonicalEvent[]) => {
    meter.reset();
    for (const e of events) await applyShopEvent(e, { profiles });
    return { w: meter.writeUnits / events.length, r: meter.readUnits / events.length };
  };
  const more = await measure(next.filter((e) => !history.some((h) => h.id === e.id)));
  const revoke = await measure([
    consentEvent("consent.revoked", { customer: { id }, at: "2026-06-01T00:00:00.000Z" }),
  ]);
  meter.reset();
  await profiles.load("default", `id:${id}`, { consistent: true });
  const loadRcu = meter.readUnits;

  const out = await host.db.send(
    new QueryCommand({
      TableName: host.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": keys.profile("default", `id:${id}`).pk },
    }),
  );
  const items = out.Items ?? [];
  const size = (i: Record<string, unknown>) => Buffer.byteLength(JSON.stringify(i));
  const profileItem = items.find((i) => i.sk === "PROFILE") ?? {};
  const chunks = items.filter((i) => i.type === "profile-chunk");
  const kb = (n: number) => `${fmt(n / 1024, 1)} KB`;
  return {
    title: `Heavy customer: ${orders.toLocaleString("en")} orders (one of 200 lines), applied in order`,
    rows: [
      { name: "profile item size", value: kb(size(profileItem)), target: "bounded, far under 400 KB" },
      {
        name: "chunk items (older orders)",
        value: `${chunks.length}, largest ${kb(Math.max(0, ...chunks.map(size)))}, total ${kb(chunks.reduce((n, c) => n + size(c), 0))}`,
        target: "each under 256 KB",
      },
      { name: "WCU per event over the whole history", value: fmt(historyWcu), note: "compactions included" },
      { name: "WCU per next order (100 more)", value: `${fmt(more.w)} WCU, ${fmt(more.r)} RCU` },
      { name: "later consent.revoked", value: `${fmt(revoke.w)} WCU, ${fmt(revoke.r)} RCU`, target: "lands" },
      {
        name: "RCU to load the whole profile",
        value: fmt(loadRcu),
        note: "strongly consistent, chunks included",
      },
    ],
  };
}
