import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import { ensureTable } from "../../infra/local/table";
import { type JourneyInstance, JourneyStore } from "./journey-store";

const tableName = `journeys-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
let client: DynamoDBClient;
let store: JourneyStore;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), ...localClientConfig() });
  const db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, tableName);
  store = new JourneyStore(db, tableName);
});
afterAll(() => {
  client?.destroy();
});

/** An order's coupon follow-up (cooldown 30 days) for customer c-1, keyed by the order. */
const instance = (key: string, triggeredAt: string): JourneyInstance => ({
  shop: "default",
  customerKey: "id:c-1",
  campaignId: "coupon-follow-up",
  key,
  status: "scheduled",
  priority: "lifecycle",
  triggerEventId: `evt-${key}`,
  triggeredAt,
  firstDueAt: "2026-12-08T09:00:00.000Z",
  dueAt: "2026-12-08T09:00:00.000Z",
  trigger: { type: "order.placed", data: { orderId: key } },
  attempts: 0,
  ledger: [],
});
const since = (iso: string) => ({ since: new Date(Date.parse(iso) - 30 * 86_400_000).toISOString() });

describe("journey creation with a cooldown, on DynamoDB Local", () => {
  it("lets one of two triggers at the same moment through and keeps the other out", async () => {
    const at = "2026-12-01T10:00:00.000Z";
    const results = await Promise.all([
      store.create(instance("o-1", at), since(at)),
      store.create(instance("o-2", at), since(at)),
    ]);
    expect(results.sort()).toEqual(["cooling", "created"]);
    const instances = await store.listForCustomer("default", "id:c-1");
    expect(instances.map((i) => i.campaignId)).toEqual(["coupon-follow-up"]);
  });

  it("keeps a trigger inside the cooldown out, lets one after it in, and reports a duplicate key as such", async () => {
    const later = "2026-12-20T10:00:00.000Z";
    expect(await store.create(instance("o-3", later), since(later))).toBe("cooling");
    const afterCooldown = "2027-01-05T10:00:00.000Z";
    expect(await store.create(instance("o-4", afterCooldown), since(afterCooldown))).toBe("created");
    expect(await store.create(instance("o-4", afterCooldown), since(afterCooldown))).toBe("duplicate");
    // A late, older trigger within 30 days of the newest start stays out too.
    const late = "2026-12-25T10:00:00.000Z";
    expect(await store.create(instance("o-5", late), since(late))).toBe("cooling");
  });
});
