import { readFileSync } from "node:fs";
import { DynamoDBClient, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import { ensureTable } from "../../infra/local/table";
import {
  DynamoSuppressionList,
  InMemorySuppressionList,
  type SuppressionList,
  suppressionConditionChecks,
  suppressionHash,
  suppressionKey,
} from "../../shared/persistence/suppression-store";
import { RecordingBus } from "../../test/support/recording-bus";
import { createHandler } from "./handler";

const FIXTURES = new URL("../../test/fixtures/ses/", import.meta.url);
const raw = (path: string): unknown => JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8"));

const tableName = `feedback-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const salt = "test-suppression-salt";
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), ...localClientConfig() });
  db = DynamoDBDocumentClient.from(client);
  await ensureTable(client, tableName);
});
afterAll(() => {
  client?.destroy();
});

/** One suite, run against the fake and the real adapter, keeps the fake honest. */
const adapters: Array<[string, () => SuppressionList]> = [
  ["in memory", () => new InMemorySuppressionList(salt)],
  ["DynamoDB Local", () => new DynamoSuppressionList(db, tableName, salt)],
];

describe.each(adapters)("the suppression list (%s)", (_, make) => {
  it("knows an address once it is suppressed, whatever its case and spacing", async () => {
    const list = make();
    const email = `anna-${Math.random().toString(36).slice(2)}@example.com`;

    expect(await list.isSuppressed(email, "shop-a")).toBe(false);
    await list.suppress(email, { reason: "bounce", at: "2026-11-02T10:00:00.000Z" });

    expect(await list.isSuppressed(email, "shop-a")).toBe(true);
    expect(await list.isSuppressed(` ${email.toUpperCase()} `, "shop-a")).toBe(true);
    expect(await list.isSuppressed(`other-${email}`, "shop-a")).toBe(false);
  });

  it("takes the same address twice without error", async () => {
    const list = make();
    const email = `berta-${Math.random().toString(36).slice(2)}@example.com`;

    await list.suppress(email, { reason: "complaint", at: "2026-11-02T10:00:00.000Z" });
    await list.suppress(email, { reason: "manual", at: "2026-12-01T10:00:00.000Z" });

    expect(await list.isSuppressed(email, "shop-a")).toBe(true);
  });

  it("stops a bounced address for every shop, an erased one only for the shop that erased it", async () => {
    const list = make();
    const bounced = `cleo-${Math.random().toString(36).slice(2)}@example.com`;
    const erased = `dana-${Math.random().toString(36).slice(2)}@example.com`;

    await list.suppress(bounced, { reason: "bounce", at: "2026-11-02T10:00:00.000Z" });
    await list.suppress(erased, { reason: "erased", at: "2026-11-02T10:00:00.000Z", shop: "shop-a" });

    expect(await list.isSuppressed(bounced, "shop-a")).toBe(true);
    expect(await list.isSuppressed(bounced, "shop-b")).toBe(true);
    expect(await list.isSuppressed(erased, "shop-a")).toBe(true);
    expect(await list.isSuppressed(erased, "shop-b")).toBe(false);
  });
});

describe("the suppression item in DynamoDB", () => {
  it("keeps the first reason and time, and holds no address", async () => {
    const list = new DynamoSuppressionList(db, tableName, async () => salt);
    const email = "Carla@Example.com";

    await list.suppress(email, { reason: "complaint", at: "2026-11-02T10:00:00.000Z" });
    await list.suppress(email, { reason: "manual", at: "2026-12-01T10:00:00.000Z" });

    const key = suppressionKey(suppressionHash("carla@example.com", salt));
    const { Item } = await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }));
    expect(Item).toEqual({
      ...key,
      type: "suppression",
      reason: "complaint",
      suppressedAt: "2026-11-02T10:00:00.000Z",
    });
    expect(JSON.stringify(Item).toLowerCase()).not.toContain("carla");
    expect(Item?.expiresAt).toBeUndefined();
  });

  it("files an erasure under the shop, next to the address's deployment-wide entry", async () => {
    const list = new DynamoSuppressionList(db, tableName, salt);
    const hash = suppressionHash("fanny@example.com", salt);

    await list.suppress("fanny@example.com", {
      reason: "erased",
      at: "2026-11-02T10:00:00.000Z",
      shop: "shop-a",
    });

    const get = async (key: { pk: string; sk: string }) =>
      (await db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }))).Item;
    expect(await get(suppressionKey(hash, "shop-a"))).toEqual({
      pk: `SUPP#${hash}`,
      sk: "SHOP#shop-a",
      type: "suppression",
      reason: "erased",
      suppressedAt: "2026-11-02T10:00:00.000Z",
      shop: "shop-a",
    });
    expect(await get(suppressionKey(hash))).toBeUndefined();
  });

  it("stops a transaction that checks the address, as the dispatcher's send claim does", async () => {
    const list = new DynamoSuppressionList(db, tableName, salt);
    const check = (email: string, shop: string) =>
      db.send(
        new TransactWriteCommand({
          TransactItems: [
            ...suppressionConditionChecks(tableName, suppressionHash(email, salt), shop).map((c) => ({
              ConditionCheck: c,
            })),
            { Put: { TableName: tableName, Item: { pk: `TEST#${email}#${shop}`, sk: "CLAIM" } } },
          ],
        }),
      );
    await list.suppress("dora@example.com", { reason: "bounce", at: "2026-11-02T10:00:00.000Z" });
    await list.suppress("gina@example.com", {
      reason: "erased",
      at: "2026-11-02T10:00:00.000Z",
      shop: "shop-a",
    });

    await expect(check("dora@example.com", "shop-b")).rejects.toBeInstanceOf(TransactionCanceledException);
    await expect(check("gina@example.com", "shop-a")).rejects.toBeInstanceOf(TransactionCanceledException);
    await expect(check("gina@example.com", "shop-b")).resolves.toBeDefined();
    await expect(check("emil@example.com", "shop-a")).resolves.toBeDefined();
  });
});

describe("SES feedback through the handler into DynamoDB Local", () => {
  const context = { functionName: "record-email-feedback", awsRequestId: "r-1" } as Context;
  const onDefaultBus = (detailType: string, detail: unknown) => ({
    version: "0",
    id: "e-1",
    "detail-type": detailType,
    source: "aws.ses",
    account: "123456789012",
    time: "2026-11-02T10:00:00Z",
    region: "eu-central-1",
    resources: [],
    detail,
  });

  it("suppresses a hard-bounced and a complaining address, never a delivered one", async () => {
    const suppressions = new DynamoSuppressionList(db, tableName, "handler-salt");
    const bus = new RecordingBus();
    const handler = createHandler({ suppressions, bus, now: () => new Date("2026-11-02T10:00:00Z") });

    await handler(onDefaultBus("Email Delivered", raw("event-publishing-sns/delivery-record.json")), context);
    expect(await suppressions.isSuppressed("recipient@example.com", "default")).toBe(false);

    await handler(onDefaultBus("Email Bounced", raw("event-publishing-sns/bounce-record.json")), context);
    await handler(
      onDefaultBus(
        "Email Complaint Received",
        raw("classic-notifications/complaint-notification-with-a-feedback-report.json"),
      ),
      context,
    );

    expect(await suppressions.isSuppressed("recipient@example.com", "default")).toBe(true);
    expect(await suppressions.isSuppressed("richard@example.com", "default")).toBe(true);
    expect(await suppressions.isSuppressed("mary@example.com", "default")).toBe(false);
    expect(bus.published.map((e) => e.detailType)).toEqual([
      "message.delivered",
      "message.bounced",
      "message.complained",
    ]);
  });
});
