import { parseArgs } from "node:util";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { localEnvOf, readConfigFile } from "./config-file";
import { MissingJavaError } from "./emulators";
import { startLocalHost } from "./host";

/**
 * `npm start [-- --persist] [--config <file>]`: the whole system in the foreground; Ctrl-C stops
 * it and every child. `--config` reads the deployment config file (brand, schedules, budget...).
 */
const { values } = parseArgs({
  options: { persist: { type: "boolean", default: false }, config: { type: "string" } },
  strict: true,
});

let configEnv: Record<string, string> = {};
try {
  if (values.config) configEnv = localEnvOf(readConfigFile(values.config));
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

try {
  const host = await startLocalHost({
    ...(values.persist ? { persistPath: ".data/dynamodb" } : {}),
    env: configEnv,
  });
  const token = process.env.ADMIN_TOKEN ?? LOCAL_DEFAULTS.ADMIN_TOKEN;
  console.log(
    [
      "Stammkunde runs locally:",
      `  API            ${host.url}  (try: curl ${host.url}/health)`,
      `  DynamoDB Local ${host.dynamoEndpoint}  table "${host.tableName}"${values.persist ? " (persisted under .data/)" : " (in memory)"}`,
      `  SES v2 local   ${host.sesEndpoint}  (sent mail: open it in a browser; JSON at /store)`,
      `  Admin token    Authorization: Bearer ${token}`,
      `  Config         ${values.config ?? "none (the example shop's brand)"}`,
      "Ctrl-C stops everything.",
    ].join("\n"),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log("\nstopping...");
    await host.stop();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
} catch (error) {
  if (error instanceof MissingJavaError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(
      `a port is already in use (${(error as Error).message}); is another \`npm start\` running? PORT overrides the API port.`,
    );
    process.exit(1);
  }
  throw error;
}
