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
import { type Fact, nextCheckOf, type ProfileState } from "../domain/profile";
import type { CapacityMeter } from "./capacity";
import {
  addFactClauses,
  checkAttributes,
  fromItem,
  type StoredProfile,
  toItem,
  type UpdateParts,
} from "./profile-item";
import { keys } from "./table-design";

/** The item codec lives in ./profile-item; re-exported for readers of whole partitions (export). */
export { fromItem, type StoredProfile } from "./profile-item";

export type FastApply = { applied: true } | { applied: false; current: StoredProfile | undefined };

/** The port the use cases see. */
export interface ProfileStore {
  /**
   * Writes the facts in one conditional update that succeeds only if every fact wins under its
   * merge rule. When one does not (a duplicate, an out-of-order delivery) nothing is written and
   * the stored profile comes back with the failure, without a second read.
   * `mustExist`: the profile's existence is part of the condition, so the write never creates one
   * (a follow-up such as a late SES report must not recreate an erased customer); a missing
   * profile comes back as `{ applied: false, current: undefined }`.
   */
  applyFacts(
    profile: Omit<ProfileState, "facts">,
    facts: readonly Fact[],
    options?: { mustExist?: boolean },
  ): Promise<FastApply>;
  load(
    shop: string,
    customerKey: string,
    options?: { consistent?: boolean },
  ): Promise<StoredProfile | undefined>;
  /** Writes the whole profile if the stored version is still `expectedVersion` (undefined: must not exist yet). */
  save(state: ProfileState, expectedVersion: number | undefined): Promise<"saved" | "conflict">;
  findKeysByEmail(shop: string, email: string): Promise<string[]>;
  /** The same by the address's hash (`a:<hash>` facts keep earlier addresses only as hashes). */
  findKeysByEmailHash(shop: string, hash: string): Promise<string[]>;
}

export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async applyFacts(
    profile: Omit<ProfileState, "facts">,
    facts: readonly Fact[],
    options: { mustExist?: boolean } = {},
  ): Promise<FastApply> {
    const names: Record<string, string> = { "#type": "type", "#v": "version" };
    const values: Record<string, unknown> = {
      ":one": 1,
      ":type": "profile",
      ":shop": profile.shop,
      ":ck": profile.customerKey,
    };
    const parts: UpdateParts = {
      names,
      values,
      sets: ["#type = :type", "shop = :shop", "customerKey = :ck"],
      conditions: [],
    };
    const { sets, conditions } = parts;
    if (profile.customerId !== undefined) {
      sets.push("customerId = :cid");
      values[":cid"] = profile.customerId;
    }
    addFactClauses(parts, profile, facts);
    // An order (re)schedules the churn sweep's next look, in the same write (see nextCheckOf).
    const check = nextCheckOf(facts);
    if (check !== undefined) {
      const { checkPk, checkSk } = checkAttributes(profile.shop, profile.customerKey, check.day);
      sets.push("checkPk = :cpk", "checkSk = :csk", "checkOrderAt = :coa");
      conditions.push("(attribute_not_exists(checkOrderAt) OR checkOrderAt <= :coa)");
      values[":cpk"] = checkPk;
      values[":csk"] = checkSk;
      values[":coa"] = check.orderAt;
    }
    if (options.mustExist) conditions.unshift("attribute_exists(pk)");
    // No fact at all: only make sure the profile exists.
    else if (conditions.length === 0) conditions.push("attribute_not_exists(pk)");
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
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: toItem(state, (expectedVersion ?? 0) + 1),
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

  findKeysByEmail(shop: string, email: string): Promise<string[]> {
    return this.findKeysByEmailHash(shop, emailHash(email));
  }

  async findKeysByEmailHash(shop: string, hash: string): Promise<string[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byEmail",
        KeyConditionExpression: "gsi1pk = :e",
        ExpressionAttributeValues: { ":e": keys.emailIndex(shop, hash) },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return (out.Items ?? []).map((i) => i.gsi1sk as string);
  }
}
