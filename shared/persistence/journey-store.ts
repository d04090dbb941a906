import { createHash } from "node:crypto";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity";
import { type ClaimExtras, type ClaimResult, claimFailure, claimItems } from "./journey-claim";
import { keys } from "./table-design";

/**
 * Journey instances: one item per customer, campaign and correlation key, in the customer's
 * partition (sk `J#<campaign>#<key>`), so a duplicate trigger cannot create a second one and an
 * exit finds its instance by key. While an instance waits it carries `duePk` (hour bucket) and
 * `dueSk` (due time), which put it in the byDueTime index that dispatch queries.
 */

export type JourneyStatus = "scheduled" | "sending" | "sent" | "skipped" | "exited";

export interface LedgerEntry {
  at: string;
  decision: "scheduled" | "deferred" | "claimed" | "sent" | "skipped" | "exited";
  reason?: string;
  until?: string;
  messageId?: string;
}

export interface JourneyInstance {
  shop: string;
  customerKey: string;
  campaignId: string;
  key: string;
  status: JourneyStatus;
  priority: string;
  triggerEventId: string;
  triggeredAt: string;
  firstDueAt: string;
  dueAt: string;
  /** The trigger event's type and data: template variables and audience re-checks read them. */
  trigger: { type: string; data: Record<string, unknown> };
  attempts: number;
  leaseUntil?: string;
  /** The claim's owner token: only the dispatch or tracker holding it may send, defer or release. */
  leaseOwner?: string;
  messageId?: string;
  ledger: LedgerEntry[];
}

/**
 * A short, opaque id of an instance: it travels as an SES message tag (only [A-Za-z0-9_-] allowed)
 * and comes back on opens and clicks, where campaigns correlate on it.
 */
export const instanceId = (i: Pick<JourneyInstance, "shop" | "customerKey" | "campaignId" | "key">) =>
  createHash("sha256")
    .update(`${i.shop}|${i.customerKey}|${i.campaignId}|${i.key}`)
    .digest("hex")
    .slice(0, 32);

const dueBucket = (iso: string) => `DUE#${iso.slice(0, 13)}`;
const itemKey = (i: Pick<JourneyInstance, "shop" | "customerKey" | "campaignId" | "key">) => ({
  pk: keys.profile(i.shop, i.customerKey).pk,
  sk: `J#${i.campaignId}#${i.key}`,
});

/**
 * The stored item of an instance: its key, the instance, and while it waits the byDueTime index
 * attributes. `create` writes this; bulk loaders (the bench) write the same shape.
 */
/** The cooldown guard of a customer and campaign (not a journey: its sk is outside `J#`). */
function cooldownKey(i: Pick<JourneyInstance, "shop" | "customerKey" | "campaignId">) {
  return { pk: keys.profile(i.shop, i.customerKey).pk, sk: `COOLDOWN#${i.campaignId}` };
}

/**
 * `indexHour`: the bucket to file a late instance under (due before the dispatch cursor's hour),
 * so that dispatch, which reads from its cursor on, still finds it; its due time stays as it is.
 */
export function journeyItem(i: JourneyInstance, indexHour?: string): Record<string, unknown> {
  const bucket = indexHour && indexHour > i.dueAt.slice(0, 13) ? `DUE#${indexHour}` : dueBucket(i.dueAt);
  const due = i.status === "scheduled" ? { duePk: bucket, dueSk: `${i.dueAt}#${instanceId(i)}` } : {};
  return { ...itemKey(i), type: "journey", ...i, ...due };
}

/**
 * Who may move an instance on: `waiting` (a decision taken on a read copy) only an instance still
 * as it was read (scheduled with the same due time) or one whose claim's lease has run out;
 * `owner` only the claim holding that token; `scheduled` (the tracker's exits) any waiting one.
 */
export type Holder =
  | { kind: "waiting"; now: string }
  | { kind: "owner"; owner: string }
  | { kind: "scheduled" };

function holderCondition(
  i: JourneyInstance,
  holder: Holder,
): { condition: string; values: Record<string, unknown> } {
  if (holder.kind === "owner")
    return {
      condition: "#st = :h_sending AND leaseOwner = :h_owner",
      values: { ":h_sending": "sending", ":h_owner": holder.owner },
    };
  if (holder.kind === "scheduled")
    return { condition: "#st = :h_scheduled", values: { ":h_scheduled": "scheduled" } };
  return {
    condition: "(#st = :h_scheduled AND dueAt = :h_due) OR (#st = :h_sending AND leaseUntil < :h_now)",
    values: { ":h_scheduled": "scheduled", ":h_sending": "sending", ":h_due": i.dueAt, ":h_now": holder.now },
  };
}

export class JourneyStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  /**
   * Creates the instance unless one with the same key exists: "duplicate". With `cooldown`, also
   * unless the campaign started for this customer after `cooldown.since` ("cooling"): a guard
   * item per customer and campaign (`COOLDOWN#<campaign>`) holds the latest start and is moved in
   * the same transaction, so two triggers at the same moment (two orders delivered together)
   * cannot both pass a cooldown they each checked before the other was written.
   */
  async create(
    instance: JourneyInstance,
    cooldown?: { since: string },
  ): Promise<"created" | "duplicate" | "cooling"> {
    const indexHour = await this.lateIndexHour(instance);
    if (cooldown) return this.createCooling(instance, cooldown.since, indexHour);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: journeyItem(instance, indexHour),
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      this.meter?.record("write", undefined, 1);
      return "created";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "duplicate";
      throw error;
    }
  }

  /**
   * An instance due before (or near) the dispatch cursor's hour is filed under that hour: dispatch
   * reads from its cursor on (and two hours back), so an instance filed under its own, older due
   * hour (a redriven trigger, a profile date already past) would never be read. Only instances
   * due before the creator's clock plus two hours pay the cursor read.
   */
  private async lateIndexHour(instance: JourneyInstance): Promise<string | undefined> {
    const createdAt = instance.ledger[0]?.at ?? instance.dueAt;
    if (instance.status !== "scheduled") return undefined;
    if (Date.parse(instance.dueAt) > Date.parse(createdAt) + 2 * 3_600_000) return undefined;
    return this.readCursor();
  }

  private async createCooling(instance: JourneyInstance, since: string, indexHour?: string) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: journeyItem(instance, indexHour),
                ConditionExpression: "attribute_not_exists(pk)",
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: cooldownKey(instance),
                UpdateExpression: "SET lastStartAt = :at",
                // Later than every start it replaces: the condition holds only if that one is older than `since`.
                ConditionExpression: "attribute_not_exists(pk) OR lastStartAt <= :since",
                ExpressionAttributeValues: { ":at": instance.triggeredAt, ":since": since },
              },
            },
          ],
        }),
      );
      this.meter?.record("write", undefined, 4);
      return "created" as const;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      if (reasons[0]?.Code === "ConditionalCheckFailed") return "duplicate" as const;
      if (reasons[1]?.Code === "ConditionalCheckFailed") return "cooling" as const;
      throw error;
    }
  }

  async get(
    ref: Pick<JourneyInstance, "shop" | "customerKey" | "campaignId" | "key">,
  ): Promise<JourneyInstance | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: itemKey(ref), ConsistentRead: true }),
    );
    return out.Item as JourneyInstance | undefined;
  }

  /** Every instance of one customer (one Query on the customer's partition). */
  async listForCustomer(shop: string, customerKey: string): Promise<JourneyInstance[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :j)",
        ExpressionAttributeValues: { ":pk": keys.profile(shop, customerKey).pk, ":j": "J#" },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? []) as JourneyInstance[];
  }

  /** One page of what is due in an hour bucket at `now`, from the byDueTime index. */
  async queryDue(hour: string, now: string, startKey?: Record<string, unknown>) {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byDueTime",
        KeyConditionExpression: "duePk = :b AND dueSk <= :now",
        ExpressionAttributeValues: { ":b": `DUE#${hour}`, ":now": `${now}~` },
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return { items: (out.Items ?? []) as JourneyInstance[], next: out.LastEvaluatedKey };
  }

  /** Ends an instance (exit, skip) if `holder` may still move it; false otherwise. */
  async finish(i: JourneyInstance, status: "skipped" | "exited", entry: LedgerEntry, holder: Holder) {
    return this.transition(i, status, entry, holder, "REMOVE duePk, dueSk, leaseUntil");
  }

  /** Moves an instance to a later due time, recording why; false if `holder` may no longer move it. */
  async defer(i: JourneyInstance, until: string, entry: LedgerEntry, holder: Holder): Promise<boolean> {
    const { condition, values } = holderCondition(i, holder);
    return this.update(
      i,
      "SET #st = :scheduled, dueAt = :until, duePk = :pk, dueSk = :sk, ledger = list_append(ledger, :e) REMOVE leaseUntil, leaseOwner",
      condition,
      {
        ...values,
        ":scheduled": "scheduled",
        ":until": until,
        ":pk": dueBucket(until),
        ":sk": `${until}#${instanceId(i)}`,
        ":e": [entry],
      },
    );
  }

  /**
   * An exit for a keyed instance, in one conditional write on the instance's own item: a waiting
   * instance ends; where none exists yet, the item is created as a tombstone (status `exited`)
   * that makes the late trigger a duplicate. Whatever the order of exit and trigger, one of the
   * two writes sees the other. "exited", "tombstone", or "too-late" (already sending or done).
   */
  async exitByKey(
    tombstone: JourneyInstance,
    entry: LedgerEntry,
  ): Promise<"exited" | "tombstone" | "too-late"> {
    const fields = [
      "shop",
      "customerKey",
      "campaignId",
      "key",
      "priority",
      "triggerEventId",
      "triggeredAt",
      "firstDueAt",
      "dueAt",
      "trigger",
      "attempts",
    ] as const;
    const values: Record<string, unknown> = {
      ":exited": "exited",
      ":scheduled": "scheduled",
      ":e": [entry],
      ":none": [],
      ":type": "journey",
    };
    const sets = fields.map((f) => {
      values[`:t_${f}`] = tombstone[f];
      return `#${f} = if_not_exists(#${f}, :t_${f})`;
    });
    try {
      const out = await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(tombstone),
          UpdateExpression: `SET #st = :exited, #type = :type, ledger = list_append(if_not_exists(ledger, :none), :e), ${sets.join(", ")} REMOVE duePk, dueSk, leaseUntil, leaseOwner`,
          ConditionExpression: "attribute_not_exists(pk) OR #st = :scheduled",
          ExpressionAttributeNames: {
            "#st": "status",
            "#type": "type",
            ...Object.fromEntries(fields.map((f) => [`#${f}`, f])),
          },
          ExpressionAttributeValues: values,
          ReturnValues: "UPDATED_OLD",
        }),
      );
      this.meter?.record("write", undefined, 1);
      return out.Attributes?.status === "scheduled" ? "exited" : "tombstone";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "too-late";
      throw error;
    }
  }

  /**
   * Claims the instance for sending in one transaction (./journey-claim.ts): the instance moves to
   * `sending` under the caller's owner token, the contact budget advances, the address must not be
   * suppressed.
   */
  async claim(
    i: JourneyInstance,
    claim: { now: string; leaseUntil: string; owner: string },
    extras: ClaimExtras,
  ): Promise<ClaimResult> {
    const items = claimItems(this.tableName, itemKey(i), i, claim, extras);
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      this.meter?.record("write", undefined, items.length * 2);
      return "claimed";
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      return claimFailure(error, extras);
    }
  }

  /** Records SES's message id once the message is out (the claim's owner only); leaves the due index. */
  async markSent(i: JourneyInstance, messageId: string, at: string, owner: string): Promise<boolean> {
    return this.transition(
      i,
      "sent",
      { at, decision: "sent", messageId },
      { kind: "owner", owner },
      "REMOVE duePk, dueSk, leaseUntil",
      { messageId },
    );
  }

  /** Deletes instances this caller wrote (an erase guard found after the write: ../privacy/erasure-guard.ts). */
  async remove(refs: readonly Pick<JourneyInstance, "shop" | "customerKey" | "campaignId" | "key">[]) {
    for (const ref of refs)
      await this.db.send(new DeleteCommand({ TableName: this.tableName, Key: itemKey(ref) }));
  }

  private transition(
    i: JourneyInstance,
    status: JourneyStatus,
    entry: LedgerEntry,
    holder: Holder,
    remove: string,
    extra: Record<string, unknown> = {},
  ): Promise<boolean> {
    const sets = Object.keys(extra).map((k) => `${k} = :x_${k}`);
    const { condition, values } = holderCondition(i, holder);
    values[":to"] = status;
    values[":e"] = [entry];
    for (const [k, v] of Object.entries(extra)) values[`:x_${k}`] = v;
    return this.update(
      i,
      `SET #st = :to, ledger = list_append(ledger, :e)${sets.length ? `, ${sets.join(", ")}` : ""} ${remove}`,
      condition,
      values,
    );
  }

  private async update(
    i: JourneyInstance,
    expression: string,
    condition: string,
    values: Record<string, unknown>,
  ) {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: itemKey(i),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: { "#st": "status" },
          ExpressionAttributeValues: values,
        }),
      );
      this.meter?.record("write", undefined, 1);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** The dispatch cursor: the oldest hour bucket that may still hold due instances. */
  async readCursor(): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: "DISPATCH", sk: "CURSOR" } }),
    );
    return out.Item?.hour as string | undefined;
  }

  async writeCursor(hour: string): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: { pk: "DISPATCH", sk: "CURSOR", hour } }),
    );
  }
}

export type { ClaimExtras, ClaimResult };
