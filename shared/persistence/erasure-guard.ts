import { createHmac } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";

/**
 * What an erase leaves behind for writers that are late: the time of the erase, under a salted
 * hash of shop and customer key (so it names nobody), for as long as a redriven event may still
 * arrive (an SQS dead-letter queue keeps messages 14 days at most). A writer that acted on an
 * event from before the erase writes first, then reads the guard, and deletes what it wrote when
 * the guard is there: the erase writes the guard before it deletes, so either the erase's own
 * delete finds the late item, or the late writer finds the guard. No window is left in between.
 */
export const ERASURE_GUARD_DAYS = 14;

export interface ErasureGuard {
  mark(shop: string, customerKey: string, erasedAt: string): Promise<void>;
  /** The time of the customer's erase, if one is still guarded (a strongly consistent read). */
  erasedAt(shop: string, customerKey: string): Promise<string | undefined>;
}

export function erasureGuardKey(salt: string, shop: string, customerKey: string) {
  const hash = createHmac("sha256", salt).update(`erased|${shop}|${customerKey}`).digest("hex");
  return { pk: `ERASED#${hash}`, sk: "GUARD" };
}

export class DynamoErasureGuard implements ErasureGuard {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly salt: () => Promise<string> | string,
  ) {}

  async mark(shop: string, customerKey: string, erasedAt: string): Promise<void> {
    const expiresAt = Math.floor(Date.parse(erasedAt) / 1000) + ERASURE_GUARD_DAYS * 86_400;
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...erasureGuardKey(await this.salt(), shop, customerKey), erasedAt, expiresAt },
      }),
    );
  }

  async erasedAt(shop: string, customerKey: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({
        TableName: this.tableName,
        Key: erasureGuardKey(await this.salt(), shop, customerKey),
        ConsistentRead: true,
      }),
    );
    return out.Item?.erasedAt as string | undefined;
  }
}
