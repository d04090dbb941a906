import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { documentClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { httpHandler } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { type AdminDeps, serveAdmin } from "./admin";
import { ServeAdminConfig } from "./config";

const logger = createLogger("serve-admin");

export function createHandler(deps: AdminDeps) {
  return httpHandler(logger, (event) =>
    serveAdmin(
      {
        routeKey: event.routeKey,
        pathParameters: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
      },
      deps,
    ),
  );
}

export const handler = lazyHandler(() => {
  const config = readConfig(ServeAdminConfig);
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  return createHandler({
    profiles: new DynamoProfileStore(db, config.TABLE_NAME),
    healthCheck: async () => {
      await db.send(new GetCommand({ TableName: config.TABLE_NAME, Key: { pk: "HEALTH", sk: "HEALTH" } }));
    },
  });
});
