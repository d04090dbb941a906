import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
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

/** A profile, as the profile writer leaves one: the survey is open only for a customer on file. */
async function onFile(customerKey: string, shop = "default") {
  await new DynamoProfileStore(db, tableName).applyFacts({ shop, customerKey }, []);
}

async function partition(customerKey: string, shop = "default") {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `S#${shop}#C#${customerKey}` },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

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
    await onFile("id:c-1");

    expect(await store.record(answer(), 1_800_000_000)).toEqual({ status: "recorded" });
    const again = await store.record(
      answer({ score: 10, answeredAt: "2026-11-16T09:05:00.000Z" }),
      1_900_000_000,
    );
    const other = await store.record(answer({ surveyId: "s-2", score: 9 }), 1_800_000_000);

    expect(again).toEqual({ status: "answered-before", first: answer() });
    expect(other).toEqual({ status: "recorded" });
    const item = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.surveyAnswer("default", "id:c-1", "s-1") }),
    );
    // In the customer's partition, so export and erase include it; the TTL removes it after the link.
    expect(item.Item).toMatchObject({ pk: "S#default#C#id:c-1", score: 3, expiresAt: 1_800_000_000 });
  });

  it("records nothing for a customer without a profile (erased since the mail): the survey is closed", async () => {
    const store = new DynamoSurveyStore(db, tableName);
    await onFile("id:c-2", "other-shop");

    expect(await store.customerOnFile("default", "id:c-2")).toBe(false);
    expect(await store.record(answer({ customerKey: "id:c-2" }), 1_800_000_000)).toEqual({
      status: "closed",
    });
    expect(await partition("id:c-2")).toEqual([]);
    // The same customer key at another shop is another customer, whose survey stays open.
    expect(await store.customerOnFile("other-shop", "id:c-2")).toBe(true);
  });

  it("answers a double click's two concurrent requests with one recorded and the other handed the first", async () => {
    const store = new DynamoSurveyStore(db, tableName);
    await onFile("id:c-3");

    const both = await Promise.all([
      store.record(answer({ customerKey: "id:c-3", score: 8 }), 1_800_000_000),
      store.record(answer({ customerKey: "id:c-3", score: 8 }), 1_800_000_000),
    ]);

    expect(both.map((r) => r.status).sort()).toEqual(["answered-before", "recorded"]);
    expect((await partition("id:c-3")).filter((i) => i.type === "survey-answer")).toHaveLength(1);
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

  it("registers a code that must have a profile only for a customer on file, once", async () => {
    const store = new DynamoSurveyStore(db, tableName);
    await onFile("id:kim");
    const mustExist = { mustExist: true };

    expect(
      await store.register("default", "id:kim", "REFKIM00001", "2026-11-16T09:00:00.000Z", mustExist),
    ).toBe("registered");
    expect(
      await store.register("default", "id:kim", "REFKIM00001", "2026-12-01T09:00:00.000Z", mustExist),
    ).toBe("registered");
    expect(
      await store.register("default", "id:gone", "REFGONE0001", "2026-11-16T09:00:00.000Z", mustExist),
    ).toBe("no-profile");

    expect(await store.ownerOf("default", "REFKIM00001")).toBe("id:kim");
    const kims = await db.send(
      new GetCommand({ TableName: tableName, Key: keys.referral("default", "id:kim") }),
    );
    expect(kims.Item).toMatchObject({ registeredAt: "2026-11-16T09:00:00.000Z" });
    expect(await store.ownerOf("default", "REFGONE0001")).toBeUndefined();
    expect(await partition("id:gone")).toEqual([]);
  });
});
