import "./require-node";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { localEnvOf, readConfigFile } from "./config-file";
import { MissingJavaError } from "./emulators";
import { startLocalHost } from "./host";
import { type ChosenPort, choosePort, PortTakenError } from "./ports";

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

// Absolute, because DynamoDB Local (Java) runs in another working directory.
const PERSIST_PATH = resolve(".data", "dynamodb");
// One short line per log on this terminal (full JSON lines in AWS); LOG_FORMAT=json keeps JSON.
process.env.LOG_FORMAT ??= "line";
const noted = (chosen: ChosenPort) => (chosen.note ? `  [${chosen.note}]` : "");

try {
  const api = await choosePort("PORT", 3000);
  const dynamo = await choosePort("DYNAMODB_PORT", 8000);
  const ses = await choosePort("SES_PORT", 8005);
  const host = await startLocalHost({
    port: api.port,
    dynamoPort: dynamo.port,
    sesPort: ses.port,
    ...(values.persist ? { persistPath: PERSIST_PATH } : {}),
    env: configEnv,
  });
  const token = process.env.ADMIN_TOKEN ?? LOCAL_DEFAULTS.ADMIN_TOKEN;
  console.log(
    [
      "Stammkunde runs locally:",
      `  API            ${host.url}  (try: curl ${host.url}/health)${noted(api)}`,
      `  DynamoDB Local ${host.dynamoEndpoint}  table "${host.tableName}"${values.persist ? ` (persisted under ${PERSIST_PATH})` : " (in memory)"}${noted(dynamo)}`,
      `  SES v2 local   ${host.sesEndpoint}  (sent mail: open it in a browser; JSON at /store)${noted(ses)}`,
      `  Admin token    Authorization: Bearer ${token}`,
      ...(api.note ? [`  CLI            STAMMKUNDE_URL=${host.url} npm run cli -- ...`] : []),
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
  if (error instanceof MissingJavaError || error instanceof PortTakenError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    console.error(
      `a port is already in use (${(error as Error).message}); is another \`npm start\` running? PORT, DYNAMODB_PORT and SES_PORT set the ports.`,
    );
    process.exit(1);
  }
  throw error;
}
