import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { ConsentStatus } from "../domain/profile";
import type { CapacityMeter } from "./capacity";
import { keys } from "./table-design";

/**
 * The consent ledger: one append-only item per consent event, in the customer's partition
 * (sk `L#<occurredAt>#<eventId>`), so export and erase find it with the profile in one Query and
 * the entries sort by time. An entry is written once per event id (a conditional put), so a
 * redelivered event appends nothing, and never updated: what the person agreed to, when, where
 * and to which text stays as it was recorded.
 */
export interface ConsentEntry {
  shop: string;
  customerKey: string;
  eventId: string;
  occurredAt: string;
  channel: string;
  purpose: string;
  status: ConsentStatus;
  /** Where it was given (platform, form, "double-opt-in", "unsubscribe-link"). */
  source?: string;
  /** When the double opt-in was confirmed (ours or the shop's own). */
  confirmedAt?: string;
  /** The version of the consent text the person agreed to. */
  textVersion?: string;
  ip?: string;
  userAgent?: string;
}

export interface ConsentLedger {
  /** Idempotent on the event id: "duplicate" when the entry is already there. */
  append(entry: ConsentEntry): Promise<"appended" | "duplicate">;
  /** Every entry of one customer, oldest first. */
  list(shop: string, customerKey: string): Promise<ConsentEntry[]>;
}

export const LEDGER_PREFIX = "L#";

export function ledgerItemKey(e: Pick<ConsentEntry, "shop" | "customerKey" | "occurredAt" | "eventId">) {
  return { pk: keys.profile(e.shop, e.customerKey).pk, sk: `${LEDGER_PREFIX}${e.occurredAt}#${e.eventId}` };
}

const ITEM_ONLY = new Set(["pk", "sk", "type"]);

/** The entry an item holds (the item's own keys and type dropped). */
export function entryOfItem(item: Record<string, unknown>): ConsentEntry {
  return Object.fromEntries(
    Object.entries(item).filter(([k]) => !ITEM_ONLY.has(k)),
  ) as unknown as ConsentEntry;
}

export class DynamoConsentLedger implements ConsentLedger {
  constructor(
    private readonly db: Pick<DynamoDBDocumentClient, "send">,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async append(entry: ConsentEntry): Promise<"appended" | "duplicate"> {
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...ledgerItemKey(entry), type: "consent", ...entry },
          ConditionExpression: "attribute_not_exists(pk)",
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("write", out.ConsumedCapacity);
      return "appended";
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      this.meter?.record("write", undefined, 1);
      return "duplicate";
    }
  }

  async list(shop: string, customerKey: string): Promise<ConsentEntry[]> {
    const entries: ConsentEntry[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :l)",
          ExpressionAttributeValues: { ":pk": keys.profile(shop, customerKey).pk, ":l": LEDGER_PREFIX },
          ConsistentRead: true,
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("read", out.ConsumedCapacity);
      entries.push(...(out.Items ?? []).map(entryOfItem));
      start = out.LastEvaluatedKey;
    } while (start);
    return entries;
  }
}
