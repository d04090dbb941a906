import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { StoredShopModel } from "../intelligence/jobs/shop-model";
import type { CapacityMeter } from "./capacity";

/**
 * Per shop: the fitted model (`MODEL#<shop>` / `PARAMS`), the sweep's cursor (`MODEL#<shop>` /
 * `SWEEP`, the last day swept) and the list of shops (`SHOPS` / `<shop>`, one partition, so the
 * sweep finds every shop with one Query instead of a Scan).
 */
export interface ShopModelStore {
  saveShopModel(model: StoredShopModel): Promise<void>;
  loadShopModel(shop: string): Promise<StoredShopModel | undefined>;
  /** Shops the model job has seen (a shop's first check is two weeks after its first order; the job runs weekly). */
  listShops(): Promise<string[]>;
  readSweepCursor(shop: string): Promise<string | undefined>;
  writeSweepCursor(shop: string, day: string): Promise<void>;
}

const modelKey = (shop: string) => ({ pk: `MODEL#${shop}`, sk: "PARAMS" });
const cursorKey = (shop: string) => ({ pk: `MODEL#${shop}`, sk: "SWEEP" });
const SHOPS = "SHOPS";

export class DynamoShopModelStore implements ShopModelStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

  async saveShopModel(model: StoredShopModel): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...model, ...modelKey(model.shop), type: "model" },
      }),
    );
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: SHOPS, sk: model.shop, type: "shop", shop: model.shop, fittedAt: model.fittedAt },
      }),
    );
    this.meter?.record("write", undefined, 2);
  }

  async loadShopModel(shop: string): Promise<StoredShopModel | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: modelKey(shop), ReturnConsumedCapacity: "TOTAL" }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    if (!out.Item) return undefined;
    const { pk: _pk, sk: _sk, type: _type, ...model } = out.Item;
    return model as StoredShopModel;
  }

  async listShops(): Promise<string[]> {
    const shops: string[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :p",
          ExpressionAttributeValues: { ":p": SHOPS },
          ExclusiveStartKey: start,
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("read", page.ConsumedCapacity);
      shops.push(...(page.Items ?? []).map((i) => i.sk as string));
      start = page.LastEvaluatedKey;
    } while (start);
    return shops;
  }

  async readSweepCursor(shop: string): Promise<string | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: cursorKey(shop), ReturnConsumedCapacity: "TOTAL" }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return out.Item?.day as string | undefined;
  }

  async writeSweepCursor(shop: string, day: string): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: { ...cursorKey(shop), day } }));
    this.meter?.record("write", undefined, 1);
  }
}
