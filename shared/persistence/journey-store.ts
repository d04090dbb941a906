import { createHash } from "node:crypto";
import { ConditionalCheckFailedException, TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { CapacityMeter } from "./capacity";
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

export function journeyItem(i: JourneyInstance): Record<string, unknown> {
  const due =
    i.status === "scheduled" ? { duePk: dueBucket(i.dueAt), dueSk: `${i.dueAt}#${instanceId(i)}` } : {};
  return { ...itemKey(i), type: "journey", ...i, ...due };
}

/** What a claim transaction also does: the contact budget on the profile, the suppression check. */
export interface ClaimExtras {
  budget?: { sends: string[]; expectedVersion: number };
  /** The address's suppression items (deployment-wide and the shop's): each must be absent. */
  suppressionKeys?: readonly { pk: string; sk: string }[];
}

export type ClaimResult = "claimed" | "taken" | "budget-changed" | "suppressed";

const BUDGET = "b:sends";
const BUDGET_VERSION = "b:version";

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
    if (cooldown) return this.createCooling(instance, cooldown.since);
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: journeyItem(instance),
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

  private async createCooling(instance: JourneyInstance, since: string) {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: journeyItem(instance),
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

  /** Ends a waiting instance (exit, skip); false if it is no longer waiting. */
  async finish(
    i: JourneyInstance,
    status: "skipped" | "exited",
    entry: LedgerEntry,
    from: JourneyStatus[] = ["scheduled"],
  ) {
    return this.transition(i, status, entry, from, "REMOVE duePk, dueSk, leaseUntil");
  }

  /** Moves a waiting instance to a later due time, recording why. */
  async defer(i: JourneyInstance, until: string, entry: LedgerEntry): Promise<boolean> {
    return this.update(
      i,
      "SET #st = :scheduled, dueAt = :until, duePk = :pk, dueSk = :sk, ledger = list_append(ledger, :e) REMOVE leaseUntil",
      "#st IN (:scheduled, :sending)",
      {
        ":scheduled": "scheduled",
        ":sending": "sending",
        ":until": until,
        ":pk": dueBucket(until),
        ":sk": `${until}#${instanceId(i)}`,
        ":e": [entry],
      },
    );
  }

  /**
   * Claims the instance for sending in one transaction: the instance moves to `sending` with a
   * lease (only from `scheduled`, or from `sending` whose lease ran out), the contact budget on
   * the profile advances under its own version, and the address must not be suppressed.
   */
  async claim(
    i: JourneyInstance,
    now: string,
    leaseUntil: string,
    extras: ClaimExtras,
  ): Promise<ClaimResult> {
    const items: NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]["TransactItems"]> = [
      {
        Update: {
          TableName: this.tableName,
          Key: itemKey(i),
          UpdateExpression:
            "SET #st = :sending, leaseUntil = :lease, attempts = attempts + :one, ledger = list_append(ledger, :e)",
          ConditionExpression: "#st = :scheduled OR (#st = :sending AND leaseUntil < :now)",
          ExpressionAttributeNames: { "#st": "status" },
          ExpressionAttributeValues: {
            ":sending": "sending",
            ":scheduled": "scheduled",
            ":lease": leaseUntil,
            ":now": now,
            ":one": 1,
            ":e": [{ at: now, decision: "claimed" } satisfies LedgerEntry],
          },
        },
      },
    ];
    if (extras.budget) {
      items.push({
        Update: {
          TableName: this.tableName,
          Key: keys.profile(i.shop, i.customerKey),
          // The profile's version moves too, so a concurrent whole-profile write cannot drop the budget.
          UpdateExpression: "SET #b = :sends, #bv = :next ADD version :one",
          ConditionExpression: extras.budget.expectedVersion === 0 ? "attribute_not_exists(#bv)" : "#bv = :v",
          ExpressionAttributeNames: { "#b": BUDGET, "#bv": BUDGET_VERSION },
          ExpressionAttributeValues: {
            ":sends": extras.budget.sends,
            ":next": extras.budget.expectedVersion + 1,
            ":one": 1,
            ...(extras.budget.expectedVersion === 0 ? {} : { ":v": extras.budget.expectedVersion }),
          },
        },
      });
    }
    const checksFrom = items.length;
    for (const key of extras.suppressionKeys ?? []) {
      items.push({
        ConditionCheck: {
          TableName: this.tableName,
          Key: key,
          ConditionExpression: "attribute_not_exists(pk)",
        },
      });
    }
    try {
      await this.db.send(new TransactWriteCommand({ TransactItems: items }));
      this.meter?.record("write", undefined, items.length * 2);
      return "claimed";
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const reasons = error.CancellationReasons ?? [];
      const failed = (n: number) => reasons[n]?.Code === "ConditionalCheckFailed";
      if (failed(0)) return "taken";
      if (extras.budget && failed(1)) return "budget-changed";
      for (let n = checksFrom; n < items.length; n++) if (failed(n)) return "suppressed";
      throw error;
    }
  }

  /** Records SES's message id once the message is out; the instance leaves the due index. */
  async markSent(i: JourneyInstance, messageId: string, at: string): Promise<boolean> {
    return this.transition(
      i,
      "sent",
      { at, decision: "sent", messageId },
      ["sending"],
      "REMOVE duePk, dueSk, leaseUntil",
      {
        messageId,
      },
    );
  }

  private transition(
    i: JourneyInstance,
    status: JourneyStatus,
    entry: LedgerEntry,
    from: JourneyStatus[],
    remove: string,
    extra: Record<string, unknown> = {},
  ): Promise<boolean> {
    const sets = Object.keys(extra).map((k) => `${k} = :x_${k}`);
    const values: Record<string, unknown> = { ":to": status, ":e": [entry] };
    for (const [k, v] of Object.entries(extra)) values[`:x_${k}`] = v;
    from.forEach((f, n) => {
      values[`:f${n}`] = f;
    });
    return this.update(
      i,
      `SET #st = :to, ledger = list_append(ledger, :e)${sets.length ? `, ${sets.join(", ")}` : ""} ${remove}`,
      `#st IN (${from.map((_, n) => `:f${n}`).join(", ")})`,
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

export const BUDGET_ATTRIBUTES = { sends: BUDGET, version: BUDGET_VERSION };
