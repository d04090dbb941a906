import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";

/**
 * Which webhook deliveries were already handed on, so that a platform's retry of a delivery we
 * accepted is answered "duplicate" without publishing again.
 *
 * The receiver asks `seen` first, publishes, and only THEN calls `remember`: a crash between the
 * two loses nothing (the retry publishes again). The price is that two concurrent copies of one
 * delivery may both be published; that is harmless, because the canonical event ids come from the
 * platform's data and every consumer folds per event id. Remembering first would be the one order
 * that can lose a delivery (remembered, then the publish fails, then the retry is "duplicate").
 */
export interface DeliveryKey {
  platform: string;
  /** Part of the key: WooCommerce delivery ids are only unique within one store. */
  shop: string;
  deliveryId: string;
}

export interface DeliveryLog {
  seen(key: DeliveryKey): Promise<boolean>;
  remember(key: DeliveryKey, ttlSeconds: number): Promise<void>;
}

/** Longer than any platform retries (Shopify: 8 times over 4 hours; Shopware: its message queue). */
export const DELIVERY_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The single-table item of a remembered delivery (see ./table-design: `expiresAt` is the TTL attribute). */
export function deliveryItemKey(key: DeliveryKey): { pk: string; sk: string } {
  return { pk: `D#${key.platform}#${key.shop}#${key.deliveryId}`, sk: "DELIVERY" };
}

export class DynamoDeliveryLog implements DeliveryLog {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, "send">,
    private readonly tableName: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async seen(key: DeliveryKey): Promise<boolean> {
    const out = await this.client.send(
      // Strongly consistent: a retry can arrive within a second of the first delivery.
      new GetCommand({ TableName: this.tableName, Key: deliveryItemKey(key), ConsistentRead: true }),
    );
    const expiresAt = out.Item?.expiresAt;
    // TTL deletion lags by up to days; an expired marker no longer counts.
    return typeof expiresAt === "number" && expiresAt > epochSeconds(this.now());
  }

  async remember(key: DeliveryKey, ttlSeconds: number): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...deliveryItemKey(key), expiresAt: epochSeconds(this.now()) + ttlSeconds },
      }),
    );
  }
}

/** For unit tests and for hosts without a table; same semantics, including expiry. */
export class InMemoryDeliveryLog implements DeliveryLog {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async seen(key: DeliveryKey): Promise<boolean> {
    const expiresAt = this.expiries.get(deliveryItemKey(key).pk);
    return expiresAt !== undefined && expiresAt > epochSeconds(this.now());
  }

  async remember(key: DeliveryKey, ttlSeconds: number): Promise<void> {
    this.expiries.set(deliveryItemKey(key).pk, epochSeconds(this.now()) + ttlSeconds);
  }
}

function epochSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}
