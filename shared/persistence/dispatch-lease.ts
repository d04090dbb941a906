import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";

/**
 * One dispatch run at a time: EventBridge Scheduler may fire a tick twice, and a slow run may
 * still be sending when the next minute's starts. The run takes this lease (one conditional
 * write) and gives it back at its end; a run that finds it held does nothing. The lease runs on
 * the wall clock, not on the run's schedule time, since it is about runs overlapping in real
 * time; it ends by itself after `ms`, so a crashed run blocks the next ones for one timeout only.
 */
export class DispatchLease {
  private static readonly KEY = { pk: "DISPATCH", sk: "LEASE" };

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async acquire(owner: string, wallNow: number, ms: number): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...DispatchLease.KEY, owner, until: wallNow + ms },
          ConditionExpression: "attribute_not_exists(pk) OR #until < :now",
          ExpressionAttributeNames: { "#until": "until" },
          ExpressionAttributeValues: { ":now": wallNow },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  /** Gives the lease back, if this run still holds it. */
  async release(owner: string): Promise<void> {
    try {
      await this.db.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: DispatchLease.KEY,
          ConditionExpression: "#owner = :owner",
          ExpressionAttributeNames: { "#owner": "owner" },
          ExpressionAttributeValues: { ":owner": owner },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
