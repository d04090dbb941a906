import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { emailHash } from "../domain/identity";
import type { ProfileState } from "../domain/profile";
import { viewProfile } from "../domain/profile-view";
import type { CapacityMeter } from "./capacity";
import { keys } from "./table-design";

export interface StoredProfile {
  state: ProfileState;
  version: number;
}

/** The port the use cases see. */
export interface ProfileStore {
  load(
    shop: string,
    customerKey: string,
    options?: { consistent?: boolean },
  ): Promise<StoredProfile | undefined>;
  /** Writes if the stored version is still `expectedVersion` (undefined: the item must not exist yet). */
  save(state: ProfileState, expectedVersion: number | undefined): Promise<"saved" | "conflict">;
  findKeysByEmail(shop: string, email: string): Promise<string[]>;
}

export class DynamoProfileStore implements ProfileStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly meter?: CapacityMeter,
  ) {}

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
    if (!out.Item) return undefined;
    return { state: out.Item.state as ProfileState, version: out.Item.version as number };
  }

  async save(state: ProfileState, expectedVersion: number | undefined): Promise<"saved" | "conflict"> {
    const view = viewProfile(state);
    const email = state.identity.email?.v;
    try {
      const out = await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.profile(state.shop, state.customerKey),
            type: "profile",
            version: (expectedVersion ?? 0) + 1,
            state,
            // Top-level copies for indexes and filters; the view is always derived from `state`.
            ...(email
              ? { gsi1pk: keys.emailIndex(state.shop, emailHash(email)), gsi1sk: state.customerKey }
              : {}),
            lifecycleStage: view.lifecycleStage,
            orderCount: view.orderCount,
          },
          ConditionExpression: expectedVersion === undefined ? "attribute_not_exists(pk)" : "version = :v",
          ...(expectedVersion === undefined ? {} : { ExpressionAttributeValues: { ":v": expectedVersion } }),
          ReturnConsumedCapacity: "TOTAL",
        }),
      );
      this.meter?.record("write", out.ConsumedCapacity);
      return "saved";
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        this.meter?.record("write", undefined);
        return "conflict";
      }
      throw error;
    }
  }

  async findKeysByEmail(shop: string, email: string): Promise<string[]> {
    const out = await this.db.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: "byEmail",
        KeyConditionExpression: "gsi1pk = :e",
        ExpressionAttributeValues: { ":e": keys.emailIndex(shop, emailHash(email)) },
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    this.meter?.record("read", out.ConsumedCapacity);
    return (out.Items ?? []).map((i) => i.gsi1sk as string);
  }
}
