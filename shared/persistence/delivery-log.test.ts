import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { ensureTable } from "../../infra/local/table";
import {
  DELIVERY_TTL_SECONDS,
  type DeliveryLog,
  DynamoDeliveryLog,
  deliveryItemKey,
  InMemoryDeliveryLog,
} from "./delivery-log";

/** One suite for the fake and the real adapter, so the fake the unit tests use stays honest. */
function contract(make: (now: () => Date) => DeliveryLog | Promise<DeliveryLog>) {
  let clock = new Date("2026-11-02T09:00:00Z");
  const now = () => clock;
  const key = { platform: "shopify", shop: "my-shop.myshopify.com", deliveryId: `d-${Math.random()}` };

  it("has not seen a delivery it was never told of", async () => {
    const log = await make(now);
    expect(await log.seen({ ...key, deliveryId: "never" })).toBe(false);
  });

  it("has seen a remembered delivery until its time to live runs out", async () => {
    const log = await make(now);
    await log.remember(key, 60);
    expect(await log.seen(key)).toBe(true);
    clock = new Date(clock.getTime() + 61_000);
    expect(await log.seen(key)).toBe(false);
  });

  it("keeps deliveries of different shops and platforms apart", async () => {
    const log = await make(now);
    const id = `same-${Math.random()}`;
    await log.remember({ ...key, deliveryId: id }, DELIVERY_TTL_SECONDS);
    expect(await log.seen({ ...key, deliveryId: id, shop: "other-shop.myshopify.com" })).toBe(false);
    expect(await log.seen({ ...key, deliveryId: id, platform: "woocommerce" })).toBe(false);
  });
}

describe("InMemoryDeliveryLog", () => {
  contract((now) => new InMemoryDeliveryLog(now));
});

describe("DynamoDeliveryLog item", () => {
  it("is one item per delivery under the single table's key scheme", () => {
    expect(deliveryItemKey({ platform: "shopware", shop: "dgrH7nLU6tlE", deliveryId: "7b04" })).toEqual({
      pk: "D#shopware#dgrH7nLU6tlE#7b04",
      sk: "DELIVERY",
    });
  });
});

// Against DynamoDB Local when the test run's global setup started it (npm test); skipped otherwise.
const endpoint = inject("dynamoEndpoint") as string | undefined;
describe.skipIf(!endpoint)("DynamoDeliveryLog against DynamoDB Local", () => {
  const tableName = `delivery-log-${process.pid}`;
  let db: DynamoDBDocumentClient;
  beforeAll(async () => {
    const client = new DynamoDBClient({
      endpoint,
      region: "eu-central-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await ensureTable(client, tableName);
    db = DynamoDBDocumentClient.from(client);
  });
  contract((now) => new DynamoDeliveryLog(db, tableName, now));
});
