import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { ProductData } from "../events/product-events";
import { keys } from "../persistence/table-design";
import { addBoughtTogetherIn } from "./bought-together-store";
import { BOUGHT_WITH, type BoughtTogether, type CatalogProduct, versionOf } from "./product";

export type CatalogWrite = "written" | "stale";

/** The port: the catalog writer and the product blocks at send time see only this. */
export interface CatalogStore {
  /** Keeps the product unless the stored state comes from a later (or the same) event. */
  put(shop: string, product: ProductData, at: EventStamp): Promise<CatalogWrite>;
  /** Marks the product deleted (a tombstone, so an older update delivered late cannot bring it back). */
  remove(shop: string, productId: string, at: EventStamp): Promise<CatalogWrite>;
  /** Available products of a category from the byCategory index, newest first (eventually consistent). */
  availableIn(shop: string, category: string, limit: number): Promise<CatalogProduct[]>;
  /** The products' current state, strongly consistent: what a send shows is checked here. */
  current(shop: string, productIds: readonly string[]): Promise<CatalogProduct[]>;
  /**
   * Counts one order's products as bought with the other categories of that order, once per
   * order: a marker item in the same transaction makes a redelivery add nothing.
   */
  addBoughtTogether(
    shop: string,
    orderId: string,
    lines: readonly BoughtTogether[],
  ): Promise<"added" | "duplicate">;
}

export interface EventStamp {
  occurredAt: string;
  eventId: string;
}

export class DynamoCatalogStore implements CatalogStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(shop: string, p: ProductData, at: EventStamp): Promise<CatalogWrite> {
    const values: Record<string, unknown> = {
      ":type": "product",
      ":shop": shop,
      ":pid": p.productId,
      ":title": p.title,
      ":cat": p.category,
      ":url": p.url,
      ":price": p.price,
      ":available": p.available,
      ":false": false,
      ":at": at.occurredAt,
      ":v": versionOf(at.occurredAt, at.eventId),
    };
    const sets = [
      "#type = :type, shop = :shop, productId = :pid, title = :title, category = :cat, #url = :url",
      "price = :price, available = :available, deleted = :false, updatedAt = :at, #v = :v",
    ];
    const removes: string[] = [];
    if (p.imageUrl) {
      sets.push("imageUrl = :img");
      values[":img"] = p.imageUrl;
    } else removes.push("imageUrl");
    if (p.available) {
      // In the index only while it can be sold; the sort key orders a category newest first.
      sets.push("catPk = :cpk, catSk = :csk");
      values[":cpk"] = keys.categoryIndex(shop, p.category);
      values[":csk"] = `${at.occurredAt}#${p.productId}`;
    } else removes.push("catPk", "catSk");
    return this.update(shop, p.productId, { sets, removes, values, names: { "#url": "url" } });
  }

  async remove(shop: string, productId: string, at: EventStamp): Promise<CatalogWrite> {
    const values = {
      ":type": "product",
      ":shop": shop,
      ":pid": productId,
      ":true": true,
      ":false": false,
      ":at": at.occurredAt,
      ":v": versionOf(at.occurredAt, at.eventId),
    };
    const sets = [
      "#type = :type, shop = :shop, productId = :pid, deleted = :true, available = :false, updatedAt = :at, #v = :v",
    ];
    return this.update(shop, productId, { sets, removes: ["catPk", "catSk"], values, names: {} });
  }

  private async update(
    shop: string,
    productId: string,
    e: { sets: string[]; removes: string[]; values: Record<string, unknown>; names: Record<string, string> },
  ): Promise<CatalogWrite> {
    const { sets, removes } = e;
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.product(shop, productId),
          UpdateExpression: `SET ${sets.join(", ")}${removes.length ? ` REMOVE ${removes.join(", ")}` : ""}`,
          // Last writer wins by event time; a duplicate (same version) or an older event writes nothing.
          // An item without a version holds only bought-together counts (an order named it first).
          ConditionExpression: "attribute_not_exists(#v) OR #v < :v",
          ExpressionAttributeNames: { "#type": "type", "#v": "version", ...e.names },
          ExpressionAttributeValues: e.values,
        }),
      );
      return "written";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return "stale";
      throw error;
    }
  }

  addBoughtTogether(shop: string, orderId: string, lines: readonly BoughtTogether[]) {
    return addBoughtTogetherIn(this.db, this.tableName, shop, orderId, lines);
  }

  async availableIn(shop: string, category: string, limit: number): Promise<CatalogProduct[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byCategory",
        KeyConditionExpression: "catPk = :k",
        ExpressionAttributeValues: { ":k": keys.categoryIndex(shop, category) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map(productOf);
  }

  async current(shop: string, productIds: readonly string[]): Promise<CatalogProduct[]> {
    const ids = [...new Set(productIds)].slice(0, 100);
    if (ids.length === 0) return [];
    const out = await this.db.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: { Keys: ids.map((id) => keys.product(shop, id)), ConsistentRead: true },
        },
      }),
    );
    // A handful of small items never comes back partly unprocessed in practice; if it does, the
    // block shows fewer products rather than unchecked ones.
    return (out.Responses?.[this.tableName] ?? []).map(productOf);
  }
}

export function productOf(item: Record<string, unknown>): CatalogProduct {
  const boughtWith: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(BOUGHT_WITH) && typeof value === "number")
      boughtWith[name.slice(BOUGHT_WITH.length)] = value;
  }
  return {
    productId: String(item.productId ?? ""),
    title: typeof item.title === "string" ? item.title : "",
    category: typeof item.category === "string" ? item.category : "",
    url: typeof item.url === "string" ? item.url : "",
    ...(typeof item.imageUrl === "string" ? { imageUrl: item.imageUrl } : {}),
    price: (item.price as CatalogProduct["price"]) ?? { amount: "0", currency: "EUR" },
    available: item.available === true,
    deleted: item.deleted === true,
    updatedAt: typeof item.updatedAt === "string" ? item.updatedAt : "",
    boughtWith,
  };
}
