import { type AttributeValue, ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { emailHash } from "../domain/identity";
import { type Fact, type FactValue, factNames, type ProfileState, type Stamped } from "../domain/profile";
import type { CapacityMeter } from "./capacity";
import { keys } from "./table-design";

export interface StoredProfile {
  state: ProfileState;
  version: number;
}

export type FastApply = { applied: true } | { applied: false; current: StoredProfile | undefined };

/** The port the use cases see. */
export interface ProfileStore {
  /**
   * Writes the facts in one conditional update that succeeds only if every fact wins under its
   * merge rule. When one does not (a duplicate, an out-of-order delivery) nothing is written and
   * the stored profile comes back with the failure, without a second read.
   */
  applyFacts(profile: Omit<ProfileState, "facts">, facts: readonly Fact[]): Promise<FastApply>;
  load(
    shop: string,
    customerKey: string,
    options?: { consistent?: boolean },
  ): Promise<StoredProfile | undefined>;
  /** Writes the whole profile if the stored version is still `expectedVersion` (undefined: must not exist yet). */
  save(state: ProfileState, expectedVersion: number | undefined): Promise<"saved" | "conflict">;
  findKeysByEmail(shop: string, email: string): Promise<string[]>;
}

/** Item attributes that are not facts. */
const RESERVED = new Set([
  "pk",
  "sk",
  "type",
  "shop",
  "customerKey",
  "customerId",
  "version",
  "gsi1pk",
  "gsi1sk",
]);

export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async applyFacts(profile: Omit<ProfileState, "facts">, facts: readonly Fact[]): Promise<FastApply> {
    const names: Record<string, string> = { "#type": "type", "#v": "version" };
    const values: Record<string, unknown> = {
      ":one": 1,
      ":type": "profile",
      ":shop": profile.shop,
      ":ck": profile.customerKey,
    };
    const sets = ["#type = :type", "shop = :shop", "customerKey = :ck"];
    const conditions: string[] = [];
    if (profile.customerId !== undefined) {
      sets.push("customerId = :cid");
      values[":cid"] = profile.customerId;
    }
    facts.forEach((fact, i) => {
      names[`#f${i}`] = fact.name;
      values[`:f${i}`] = fact.value;
      sets.push(`#f${i} = :f${i}`);
      if (fact.rule === "write-once") conditions.push(`attribute_not_exists(#f${i})`);
      else if (fact.rule === "minimum") conditions.push(`(attribute_not_exists(#f${i}) OR #f${i} > :f${i})`);
      else {
        names["#s"] = "s";
        values[`:s${i}`] = (fact.value as { s: string }).s;
        conditions.push(`(attribute_not_exists(#f${i}) OR #f${i}.#s < :s${i})`);
      }
      if (fact.name === factNames.identity("email")) {
        sets.push("gsi1pk = :email", "gsi1sk = :ck");
        values[":email"] = keys.emailIndex(profile.shop, emailHash((fact.value as Stamped<string>).v));
      }
    });
    // No fact at all: only make sure the profile exists.
    if (conditions.length === 0) conditions.push("attribute_not_exists(pk)");
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.profile(profile.shop, profile.customerKey),
          UpdateExpression: `SET ${sets.join(", ")} ADD #v :one`,
          ConditionExpression: conditions.join(" AND "),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("write", out.ConsumedCapacity);
      return { applied: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A failed conditional write is still a write request (and is billed as one).
      this.meter?.record("write", undefined, 1);
      const item = error.Item as Record<string, AttributeValue> | undefined;
      return { applied: false, current: item ? fromItem(unmarshall(item)) : undefined };
    }
  }

  async load(shop: string, customerKey: string, options: { consistent?: boolean } = {}) {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.profile(shop, customerKey),
        ConsistentRead: options.consistent ?? false,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<"saved" | "conflict"> {
    const email = (state.facts[factNames.identity("email")] as Stamped<string> | undefined)?.v;
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...state.facts,
            ...keys.profile(state.shop, state.customerKey),
            type: "profile",
            shop: state.shop,
            customerKey: state.customerKey,
            ...(state.customerId !== undefined ? { customerId: state.customerId } : {}),
            version: (expectedVersion ?? 0) + 1,
            ...(email
              ? { gsi1pk: keys.emailIndex(state.shop, emailHash(email)), gsi1sk: state.customerKey }
              : {}),
          },
          ConditionExpression: expectedVersion === undefined ? "attribute_not_exists(pk)" : "version = :v",
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ":v": expectedVersion } }),
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("write", out.ConsumedCapacity);
      return "saved";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      this.meter?.record("write", undefined, 1);
      return "conflict";
    }
  }

  async findKeysByEmail(shop: string, email: string): Promise<string[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byEmail",
        KeyConditionExpression: "gsi1pk = :e",
        ExpressionAttributeValues: { ":e": keys.emailIndex(shop, emailHash(email)) },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return (out.Items ?? []).map((i) => i.gsi1sk as string);
  }
}

function fromItem(item: Record<string, unknown>): StoredProfile {
  const facts: Record<string, FactValue> = {};
  for (const [k, v] of Object.entries(item)) if (!RESERVED.has(k)) facts[k] = v as FactValue;
  return {
    version: Number(item.version ?? 0),
    state: {
      shop: item.shop as string,
      customerKey: item.customerKey as string,
      ...(item.customerId !== undefined ? { customerId: item.customerId as string } : {}),
      facts,
    },
  };
}
