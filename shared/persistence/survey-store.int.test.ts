import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import { ensureTable } from "../../infra/local/table";
import { DynamoProfileStore } from "./profile-store";
import { DynamoSurveyStore, type SurveyAnswer } from "./survey-store";
import { keys } from "./table-design";

const tableName = `survey-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), ...localClientConfig() });
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, tableName);
});
afterAll(() => {
  client?.destroy();
});

const answer = (over: Partial<SurveyAnswer> = {}): SurveyAnswer => ({
  shop: "default",
  customerKey: "id:c-1",
  surveyId: "s-1",
  orderId: "o-1",
  score: 3,
  answeredAt: "2026-11-16T09:00:00.000Z",
  ...over,
});

describe("survey answers on DynamoDB Local", () => {
  it("keeps the first answer per survey and hands it back to later ones, with its expiry", async () => {
    const store = new DynamoSurveyStore(db, tableName);

    expect(await store.record(answer(), 1_800_000_000)).toEqual({ recorded: true });
    const again = await store.record(
      answer({ score: 10, answeredAt: "2026-11-16T09:05:00.000Z" }),
      1_900_000_000,
    );
    const other = await store.record(answer({ surveyId: "s-2", score: 9 }), 1_800_000_000);

    expect(again).toEqual({ recorded: false, first: answer() });
    expect(other).toEqual({ recorded: true });
    const item = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.surveyAnswer("default", "id:c-1", "s-1") }),
    );
    // In the customer's partition, so export and erase include it; the TTL removes it after the link.
    expect(item.Item).toMatchObject({ pk: "S#default#C#id:c-1", score: 3, expiresAt: 1_800_000_000 });
  });
});

describe("referral codes on DynamoDB Local", () => {
  it("finds the owner of a registered code in its shop only, and keeps the first registration", async () => {
    const store = new DynamoSurveyStore(db, tableName);

    await store.register("default", "id:anna", "REF7K3M9Q2X", "2026-11-16T09:00:00.000Z");
    await store.register("default", "id:anna", "REF7K3M9Q2X", "2026-12-01T09:00:00.000Z");

    expect(await store.ownerOf("default", "REF7K3M9Q2X")).toBe("id:anna");
    expect(await store.ownerOf("other-shop", "REF7K3M9Q2X")).toBeUndefined();
    expect(await store.ownerOf("default", "REF0000000")).toBeUndefined();
    const item = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.referral("default", "id:anna") }),
    );
    expect(item.Item).toMatchObject({ registeredAt: "2026-11-16T09:00:00.000Z", code: "REF7K3M9Q2X" });
  });

  it("shares the byEmail index with the profiles without either finding the other", async () => {
    const store = new DynamoSurveyStore(db, tableName);
    const profiles = new DynamoProfileStore(db, tableName);
    await profiles.applyFacts({ shop: "default", customerKey: "id:ben" }, [
      {
        name: "i:email",
        value: { v: "ben@example.com", s: "2026-11-01T00:00:00.000Z|e" },
        rule: "last-writer-wins",
      },
    ]);
    await store.register("default", "id:ben", "REFABCDEFGH", "2026-11-16T09:00:00.000Z");

    expect(await profiles.findKeysByEmail("default", "ben@example.com")).toEqual(["id:ben"]);
    expect(await store.ownerOf("default", "REFABCDEFGH")).toBe("id:ben");
  });

  it("names no owner when two customers hold one code (a collision rewards nobody)", async () => {
    const store = new DynamoSurveyStore(db, tableName);

    await store.register("default", "id:x", "REFCOLLIDE1", "2026-11-16T09:00:00.000Z");
    await store.register("default", "id:y", "REFCOLLIDE1", "2026-11-16T09:00:00.000Z");

    expect(await store.ownerOf("default", "REFCOLLIDE1")).toBeUndefined();
  });
});
