import { randomUUID } from "node:crypto";
import { type AttributeValue, ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { emailHash } from "../domain/identity";
import { type Fact, nextCheckOf, type ProfileState, wins } from "../domain/profile";
import type { CapacityMeter } from "./capacity";
import { CHUNK_PREFIX, INLINE_CAP_BYTES, planCompaction, withChunks } from "./profile-chunks";
import { fromItem, type StoredProfile, toItem } from "./profile-item";
import { factUpdate } from "./profile-update";
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
  /**
   * Writes the whole profile if the stored version is still `expectedVersion` (undefined: must not
   * exist yet). `previous`: the profile as loaded, so older facts can move to chunk items.
   */
  save(
    state: ProfileState,
    expectedVersion: number | undefined,
    previous?: StoredProfile,
  ): Promise<"saved" | "conflict">;
  findKeysByEmail(shop: string, email: string): Promise<string[]>;
  /** The same by the address's hash (`a:<hash>` facts keep earlier addresses only as hashes). */
  findKeysByEmailHash(shop: string, hash: string): Promise<string[]>;
}

export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
    private readonly newId: () => string = randomUUID,
  ) {}

  async applyFacts(
    profile: Omit<ProfileState, "facts">,
    facts: readonly Fact[],
    options: { mustExist?: boolean } = {},
  ): Promise<FastApply> {
    const first = await this.tryUpdate(factUpdate(profile, facts, { ...options, schedule: true }));
    if (first === "applied") return { applied: true };
    if (first === undefined) return { applied: false, current: undefined };
    // An event delivered late loses only some of its facts (a newer name, a newer order's
    // schedule). The facts that still win against the item are written again, each under its own
    // condition, without the schedule if a newer order holds it: a second write, no read. Facts
    // of orders moved to chunks may come back inline as a copy; reads merge copies by their rule.
    const held = first.item;
    const winning = facts.filter((f) => wins(f, first.stored.state.facts[f.name]));
    const underCap = Number(held.inlineBytes ?? 0) < INLINE_CAP_BYTES;
    if (winning.length > 0 && underCap) {
      const check = nextCheckOf(winning);
      const schedule =
        check === undefined ||
        typeof held.checkPk !== "string" ||
        String(held.checkOrderAt ?? "") <= check.orderAt;
      const second = await this.tryUpdate(factUpdate(profile, winning, { ...options, schedule }));
      if (second === "applied") return { applied: true };
      if (second === undefined) return { applied: false, current: undefined };
      return { applied: false, current: await this.complete(second.stored, true) };
    }
    return { applied: false, current: await this.complete(first.stored, true) };
  }

  /** "applied", or the item as it was when the condition failed (undefined: no item). */
  private async tryUpdate(
    input: Omit<UpdateCommandInput, "TableName">,
  ): Promise<"applied" | { item: Record<string, unknown>; stored: StoredProfile } | undefined> {
    try {
      const out = await this.db.send(new UpdateCommand({ ...input, TableName: this.tableName }));
      this.meter?.record("write", out.ConsumedCapacity);
      return "applied";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // A failed conditional write is still a write request (and is billed as one).
      this.meter?.record("write", undefined, 1);
      const raw = error.Item as Record<string, AttributeValue> | undefined;
      if (!raw) return undefined;
      const item = unmarshall(raw);
      return { item, stored: fromItem(item) };
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
    return out.Item ? this.complete(fromItem(out.Item), options.consistent ?? false) : undefined;
  }

  /** A chunked profile with its chunk items merged in. */
  private complete(stored: StoredProfile, consistent: boolean): Promise<StoredProfile> {
    if (!stored.chunked) return Promise.resolve(stored);
    const { pk } = keys.profile(stored.state.shop, stored.state.customerKey);
    return withChunks(this.db, this.tableName, stored, pk, { consistent, meter: this.meter });
  }

  async save(
    state: ProfileState,
    expectedVersion: number | undefined,
    previous?: StoredProfile,
  ): Promise<"saved" | "conflict"> {
    const version = (expectedVersion ?? 0) + 1;
    const plan = planCompaction(state, previous?.archived ?? {});
    const { pk } = keys.profile(state.shop, state.customerKey);
    // Chunks first: a crash or a lost race after them leaves true facts that reads merge in.
    for (const facts of plan.chunks) {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { pk, sk: `${CHUNK_PREFIX}${version}#${this.newId()}`, type: "profile-chunk", f: facts },
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("write", out.ConsumedCapacity);
    }
    const chunked = previous?.chunked === true || plan.chunks.length > 0;
    const item = {
      ...toItem({ ...state, facts: plan.inline }, version),
      inlineBytes: plan.inlineBytes,
      ...(chunked ? { chunked: true } : {}),
    };
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
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
