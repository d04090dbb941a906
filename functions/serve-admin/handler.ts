import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { DynamoErasureGuard } from "../../shared/persistence/erasure-guard";
import { DynamoProfileStore } from "../../shared/persistence/profile-store";
import { DynamoSuppressionList } from "../../shared/persistence/suppression-store";
import { DynamoCustomerPartitions } from "../../shared/privacy/customer-partition";
import { documentClient } from "../../shared/runtime/aws";
import { readConfig } from "../../shared/runtime/config";
import { httpHandler } from "../../shared/runtime/http-handler";
import { lazyHandler } from "../../shared/runtime/lazy";
import { createLogger } from "../../shared/runtime/logger";
import { requireSecret } from "../../shared/runtime/secrets";
import { type AdminDeps, serveAdmin } from "./admin";
import { ServeAdminConfig } from "./config";

const logger = createLogger("serve-admin");

export function createHandler(deps: AdminDeps) {
  const withAudit: AdminDeps = {
    ...deps,
    // The receipt holds ids and counts only, never the address: it is the erase's audit trail.
    onErase: (receipt) => {
      logger.info("customer erased", { ...receipt });
      deps.onErase?.(receipt);
    },
  };
  return httpHandler(logger, (event) =>
    serveAdmin(
      {
        routeKey: event.routeKey,
        pathParameters: event.pathParameters ?? {},
        query: event.queryStringParameters ?? {},
      },
      withAudit,
    ),
  );
}

export const handler = lazyHandler(() => {
  const config = readConfig(ServeAdminConfig);
  const db = documentClient(config.DYNAMODB_ENDPOINT);
  const profiles = new DynamoProfileStore(db, config.TABLE_NAME);
  return createHandler({
    profiles,
    healthCheck: async () => {
      await db.send(new GetCommand({ TableName: config.TABLE_NAME, Key: { pk: "HEALTH", sk: "HEALTH" } }));
    },
    privacy: {
      partitions: new DynamoCustomerPartitions(db, config.TABLE_NAME),
      profiles,
      // Resolved on the first erase only (and cached): reads never wait for Secrets Manager.
      suppressions: new DynamoSuppressionList(db, config.TABLE_NAME, () => requireSecret("SUPPRESSION_SALT")),
      now: () => new Date(),
      guard: new DynamoErasureGuard(db, config.TABLE_NAME, () => requireSecret("SUPPRESSION_SALT")),
    },
  });
});
