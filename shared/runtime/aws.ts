import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/** AWS clients, built once per container (module scope in each handler) and reused across invocations. */

export function documentClient(endpoint?: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(endpoint ? { endpoint, region: process.env.AWS_REGION ?? "eu-central-1" } : {}),
    maxAttempts: 6,
  });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

export function eventBridgeClient(): EventBridgeClient {
  return new EventBridgeClient({ maxAttempts: 3 });
}
