import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { LEDGER_PREFIX } from "../persistence/consent-ledger";
import { keys } from "../persistence/table-design";

/**
 * Everything stored about one customer lives in their partition `S#<shop>#C#<customerKey>`: the
 * profile (`PROFILE`), the consent ledger (`L#...`), journey instances with their decision
 * ledgers (`J#...`), and whatever later capabilities add there. Export and erase therefore read
 * it with one Query and need no list of item kinds to stay complete.
 */
export interface PartitionItem {
  pk: string;
  sk: string;
  [attribute: string]: unknown;
}

export interface CustomerPartitions {
  /** Every item of the partition, strongly consistent. */
  items(shop: string, customerKey: string): Promise<PartitionItem[]>;
  /** Deletes the items by key (deleting an item that is already gone is not an error). */
  remove(items: readonly Pick<PartitionItem, "pk" | "sk">[]): Promise<void>;
}

export type ItemKind = "profile" | "consent" | "journey" | "other";

export function kindOf(item: Pick<PartitionItem, "sk">): ItemKind {
  if (item.sk === "PROFILE") return "profile";
  if (item.sk.startsWith(LEDGER_PREFIX)) return "consent";
  if (item.sk.startsWith("J#")) return "journey";
  return "other";
}

/** Deletes in parallel up to this many at a time: a customer has tens of items, rarely hundreds. */
const DELETE_CONCURRENCY = 8;

/**
 * Deletes one DeleteItem at a time rather than BatchWriteItem: the role then holds a grant that
 * can only remove items, where BatchWriteItem would also let it write any item.
 */
export class DynamoCustomerPartitions implements CustomerPartitions {
  constructor(
    private readonly db: Pick<DynamoDBDocumentClient, "send">,
    private readonly tableName: string,
  ) {}

  async items(shop: string, customerKey: string): Promise<PartitionItem[]> {
    const items: PartitionItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": keys.profile(shop, customerKey).pk },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...((out.Items ?? []) as PartitionItem[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  async remove(items: readonly Pick<PartitionItem, "pk" | "sk">[]): Promise<void> {
    const queue = [...items];
    const worker = async () => {
      for (let item = queue.shift(); item; item = queue.shift()) {
        await this.db.send(
          new DeleteCommand({ TableName: this.tableName, Key: { pk: item.pk, sk: item.sk } }),
        );
      }
    };
    await Promise.all(Array.from({ length: Math.min(DELETE_CONCURRENCY, queue.length) }, worker));
  }
}
