import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { Fact, FactValue } from "../domain/profile";
import type { CapacityMeter } from "./capacity";
import { mergeFacts, withChunks } from "./profile-chunks";
import {
  addFactClauses,
  checkAttributes,
  checkBucket,
  fromItem,
  type StoredProfile,
  type UpdateParts,
} from "./profile-item";
import { keys } from "./table-design";

export type InsightWrite = "written" | "stale" | "conflict" | "missing";

/** The profiles as the model jobs see them: whole-table scans (weekly), due checks (daily), `p:` facts. */
export interface InsightStore {
  /** Every profile, by a parallel Scan in `segments` segments; `each` gets one page at a time. */
  scanProfiles(segments: number, each: (profiles: StoredProfile[]) => void): Promise<void>;
  /** One page of the customers whose check falls on `day` (byNextCheck: keys only). */
  dueKeys(
    shop: string,
    day: string,
    startKey?: Record<string, unknown>,
  ): Promise<{ keys: string[]; next?: Record<string, unknown> }>;
  /** Profiles by key, eventually consistent (BatchGetItem, 100 a request); missing ones are left out. */
  loadProfiles(shop: string, customerKeys: readonly string[]): Promise<StoredProfile[]>;
  loadProfile(shop: string, customerKey: string): Promise<StoredProfile | undefined>;
  /**
   * Writes `p:` facts onto an existing profile, each only if it wins (last writer by stamp), in one
   * UpdateItem that also bumps the version (so the writer's version-checked slow path re-reads).
   * `expectedVersion`: only if nothing was applied since it was read. `nextCheck`: a day to file
   * the next check under, null to take the profile out of the index, undefined to leave it.
   */
  writeInsights(
    shop: string,
    customerKey: string,
    facts: readonly Fact[],
    options?: { expectedVersion?: number; nextCheck?: string | null },
  ): Promise<InsightWrite>;
}

export class DynamoInsightStore implements InsightStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async scanProfiles(segments: number, each: (profiles: StoredProfile[]) => void): Promise<void> {
    await Promise.all(
      Array.from({ length: segments }, async (_, segment) => {
        // A partition lies in one segment: a heavy customer's chunk items (./profile-chunks.ts)
        // are read by this same scan and merged when the segment ends (no Query needed).
        const chunked = new Map<string, StoredProfile>();
        const chunks: Record<string, unknown>[] = [];
        let start: Record<string, unknown> | undefined;
        do {
          const page = await this.db.send(
            new ScanCommand({
              TableName: this.tableName,
              Segment: segment,
              TotalSegments: segments,
              FilterExpression: "#type IN (:profile, :chunk)",
              ExpressionAttributeNames: { "#type": "type" },
              ExpressionAttributeValues: { ":profile": "profile", ":chunk": "profile-chunk" },
              ExclusiveStartKey: start,
              ReturnConsumedCapacity: "TOTAL",
            }),
          );
          this.meter?.record("read", page.ConsumedCapacity);
          const ready: StoredProfile[] = [];
          for (const item of page.Items ?? []) {
            if (item.type === "profile-chunk") chunks.push(item);
            else if (item.chunked === true) chunked.set(item.pk as string, fromItem(item));
            else ready.push(fromItem(item));
          }
          if (ready.length) each(ready);
          start = page.LastEvaluatedKey;
        } while (start);
        for (const chunk of chunks) {
          const stored = chunked.get(chunk.pk as string);
          if (stored) mergeFacts(stored.state.facts, chunk.f as Record<string, FactValue>);
        }
        if (chunked.size) each([...chunked.values()]);
      }),
    );
  }

  async dueKeys(shop: string, day: string, startKey?: Record<string, unknown>) {
    const page = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byNextCheck",
        KeyConditionExpression: "checkPk = :b",
        ExpressionAttributeValues: { ":b": checkBucket(shop, day) },
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", page.ConsumedCapacity);
    return {
      keys: (page.Items ?? []).map((i) => i.checkSk as string),
      ...(page.LastEvaluatedKey ? { next: page.LastEvaluatedKey } : {}),
    };
  }

  async loadProfiles(shop: string, customerKeys: readonly string[]): Promise<StoredProfile[]> {
    const out: StoredProfile[] = [];
    for (let i = 0; i < customerKeys.length; i += 100) {
      let pending: Record<string, unknown>[] = customerKeys
        .slice(i, i + 100)
        .map((k) => keys.profile(shop, k));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        const res = await this.db.send(
          new BatchGetCommand({
            RequestItems: { [this.tableName]: { Keys: pending } },
            ReturnConsumedCapacity: "TOTAL",
          }),
        );
        this.meter?.record("read", res.ConsumedCapacity);
        out.push(
          ...(await Promise.all(
            (res.Responses?.[this.tableName] ?? []).map((i) => this.complete(fromItem(i))),
          )),
        );
        // DynamoDB may hand back part of a batch unread (throttling, 16 MB): ask again for those.
        pending = res.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        if (attempt > 8 && pending.length) throw new Error(`BatchGetItem left ${pending.length} keys unread`);
      }
    }
    return out;
  }

  async loadProfile(shop: string, customerKey: string) {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.profile(shop, customerKey),
        ConsistentRead: true,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return out.Item ? this.complete(fromItem(out.Item), true) : undefined;
  }

  /** A heavy customer's older orders live in chunk items (./profile-chunks.ts): merged in here. */
  private complete(stored: StoredProfile, consistent = false): Promise<StoredProfile> {
    if (!stored.chunked) return Promise.resolve(stored);
    const { pk } = keys.profile(stored.state.shop, stored.state.customerKey);
    return withChunks(this.db, this.tableName, stored, pk, { consistent, meter: this.meter });
  }

  async writeInsights(
    shop: string,
    customerKey: string,
    facts: readonly Fact[],
    options: { expectedVersion?: number; nextCheck?: string | null } = {},
  ): Promise<InsightWrite> {
    const parts: UpdateParts = {
      names: { "#v": "version" },
      values: { ":one": 1 },
      sets: [],
      conditions: ["attribute_exists(pk)"],
    };
    addFactClauses(parts, { shop, customerKey }, facts);
    const factConditions = parts.conditions.slice(1);
    if (options.expectedVersion !== undefined) {
      parts.conditions.push("#v = :expected");
      parts.values[":expected"] = options.expectedVersion;
    }
    let remove = "";
    if (options.nextCheck === null) remove = " REMOVE checkPk, checkSk";
    else if (options.nextCheck !== undefined) {
      const check = checkAttributes(shop, customerKey, options.nextCheck);
      parts.sets.push("checkPk = :cpk", "checkSk = :csk");
      parts.values[":cpk"] = check.checkPk;
      parts.values[":csk"] = check.checkSk;
    }
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.profile(shop, customerKey),
          UpdateExpression: `${parts.sets.length ? `SET ${parts.sets.join(", ")} ` : ""}ADD #v :one${remove}`,
          ConditionExpression: parts.conditions.join(" AND "),
          ExpressionAttributeNames: parts.names,
          ExpressionAttributeValues: parts.values,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("write", out.ConsumedCapacity);
      return "written";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      this.meter?.record("write", undefined, 1);
      if (!error.Item) return "missing";
      const version = Number(error.Item.version?.N ?? 0);
      if (options.expectedVersion !== undefined && version !== options.expectedVersion) return "conflict";
      return factConditions.length ? "stale" : "conflict";
    }
  }
}
