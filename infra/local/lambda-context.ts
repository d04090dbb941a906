import { randomUUID } from "node:crypto";
import type { Context } from "aws-lambda";

/** A Lambda context for in-process invocations, enough for Powertools and middy. */
// Generous: middy ends an invocation when the remaining time runs out, and a laptop (or a loaded CI
// machine) is slower than Lambda; AWS enforces the real timeouts per function.
export function localContext(functionName: string, timeoutMs = 300_000): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:eu-central-1:000000000000:function:${functionName}`,
    memoryLimitInMB: "512",
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
