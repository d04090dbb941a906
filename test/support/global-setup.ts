import type {} from "vitest";
import type { TestProject } from "vitest/node";
import {
  freePort,
  MissingJavaError,
  requireJava,
  startDynamoDbLocal,
  startSesLocal,
} from "../../infra/local/emulators";
import { nodeMismatch } from "../../infra/local/node-version";

/**
 * Starts DynamoDB Local and SES v2 local once for the whole run, on free ports so that a running
 * `npm start` (8000 / 8005) does not collide. Each test file creates its own table.
 */
export default async function setup(project: TestProject) {
  const mismatch = nodeMismatch();
  if (mismatch) {
    console.error(mismatch);
    process.exit(1);
  }
  try {
    requireJava();
  } catch (error) {
    // The contract: a one-line message, not a stack trace.
    if (error instanceof MissingJavaError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const [dynamo, ses] = await Promise.all([
    freePort().then((port) => startDynamoDbLocal({ port })),
    freePort().then((port) => startSesLocal({ port })),
  ]);
  project.provide("dynamoEndpoint", dynamo.endpoint);
  project.provide("sesEndpoint", ses.endpoint);
  return async () => {
    await Promise.all([dynamo.stop(), ses.stop()]);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}
