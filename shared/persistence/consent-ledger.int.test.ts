import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyShopEvent } from "../../functions/apply-shop-event/apply-event";
import { localClientConfig } from "../../infra/local/emulators";
import { ensureTable } from "../../infra/local/table";
import { consentEvent, orderPlaced, seededRandom, shuffle } from "../../test/support/builders";
import { viewProfile } from "../domain/profile-view";
import { consentEntryOf, consentFromLedger } from "../privacy/consent";
import { CapacityMeter } from "./capacity";
import { DynamoConsentLedger, ledgerItemKey } from "./consent-ledger";
import { DynamoProfileStore } from "./profile-store";

const tableName = `ledger-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
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

const customer = (id: string) => ({ id, email: `${id}@example.com` });

describe("the consent ledger on DynamoDB Local", () => {
  it("appends an entry once per event id and lists a customer's entries oldest first", async () => {
    const ledger = new DynamoConsentLedger(db, tableName);
    const later = consentEntryOf(
      consentEvent("consent.revoked", {
        id: "l-2",
        customer: customer("l-1"),
        at: "2026-11-03T08:00:00.000Z",
      }),
    )!;
    const earlier = consentEntryOf(
      consentEvent("consent.granted", {
        id: "l-1",
        customer: customer("l-1"),
        at: "2026-11-01T08:00:00.000Z",
      }),
    )!;

    expect(await ledger.append(later)).toBe("appended");
    expect(await ledger.append(earlier)).toBe("appended");
    expect(await ledger.append(later)).toBe("duplicate");

    const entries = await ledger.list("default", "id:l-1");
    expect(entries.map((e) => [e.eventId, e.status])).toEqual([
      ["l-1", "pending"],
      ["l-2", "revoked"],
    ]);
    const item = await db.send(new GetCommand({ TableName: tableName, Key: ledgerItemKey(later) }));
    expect(item.Item).toMatchObject({ type: "consent", sk: "L#2026-11-03T08:00:00.000Z#l-2" });
  });

  it("keeps the profile writer at one write for an event that is not about consent", async () => {
    const meter = new CapacityMeter();
    const deps = {
      profiles: new DynamoProfileStore(db, tableName, meter),
      consents: new DynamoConsentLedger(db, tableName, meter),
    };

    await applyShopEvent(orderPlaced({ id: "w-1", customer: customer("w-1") }), deps);
    expect(meter.writes).toBe(1);
    meter.reset();
    await applyShopEvent(
      consentEvent("consent.granted", {
        id: "w-2",
        customer: customer("w-1"),
        at: "2026-11-03T08:00:00.000Z",
      }),
      deps,
    );
    expect(meter.writes).toBe(2);
    expect(await deps.consents.list("default", "id:w-1")).toHaveLength(1);
  });

  it("holds exactly the events the profile's consent comes from, whatever the delivery order", async () => {
    const profiles = new DynamoProfileStore(db, tableName);
    const consents = new DynamoConsentLedger(db, tableName);
    const random = seededRandom(11);
    for (let run = 0; run < 6; run++) {
      const who = customer(`p-${run}`);
      const events = [
        consentEvent("consent.granted", { id: `p${run}-a`, customer: who, at: "2026-11-01T08:00:00.000Z" }),
        consentEvent("consent.granted", {
          id: `p${run}-b`,
          customer: who,
          at: "2026-11-01T09:00:00.000Z",
          confirmedAt: "2026-11-01T09:00:00.000Z",
        }),
        consentEvent("consent.revoked", { id: `p${run}-c`, customer: who, at: "2026-11-02T08:00:00.000Z" }),
        consentEvent("consent.granted", { id: `p${run}-d`, customer: who, at: "2026-11-02T08:00:00.000Z" }),
      ];
      // Duplicates delivered concurrently, as EventBridge may.
      const deliveries = shuffle([...events, ...events.slice(0, 2)], random);
      await Promise.all(deliveries.map((e) => applyShopEvent(e, { profiles, consents })));

      const entries = await consents.list("default", `id:${who.id}`);
      const stored = await profiles.load("default", `id:${who.id}`, { consistent: true });
      expect(entries.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.id).sort());
      // Same instant: the event id breaks the tie ("p-d" > "p-c"), in the profile and the ledger alike.
      expect(consentFromLedger(entries)).toBe("pending");
      expect(viewProfile(stored!.state).consent.email.marketing).toBe(consentFromLedger(entries));
    }
  });
});
