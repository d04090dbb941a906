import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { AdminDeps } from "./admin";
import { createHandler } from "./handler";

const context = { functionName: "serve-admin", awsRequestId: "r-1" } as Context;

/** Any read or write fails the test: the guard answers before the table is touched. */
const untouchable = new Proxy({} as AdminDeps, {
  get: (_, name) => {
    if (name === "onErase") return undefined;
    return new Proxy(() => {}, {
      get: () => () => {
        throw new Error(`touched ${String(name)}`);
      },
      apply: () => {
        throw new Error(`touched ${String(name)}`);
      },
    });
  },
});

function event(method: string, rawPath: string, customerId: string): APIGatewayProxyEventV2 {
  const routeKey = `${method} /admin/customers/{customerId}`;
  return {
    version: "2.0",
    routeKey,
    rawPath,
    rawQueryString: "",
    headers: {},
    pathParameters: { customerId },
    requestContext: { http: { method } },
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

describe("the serve-admin handler (the AWS host)", () => {
  it("answers malformed percent-encoding and over-long ids with a 400 before any read", async () => {
    const handler = createHandler(untouchable);
    for (const [method, rawPath, id] of [
      ["GET", "/admin/customers/100%", "100%"],
      ["DELETE", "/admin/customers/%E0%A4%A", "%E0%A4%A"],
      ["GET", `/admin/customers/${"x".repeat(3000)}`, "x".repeat(3000)],
    ]) {
      const res = await handler(event(method as string, rawPath as string, id as string), context);
      expect([rawPath?.slice(0, 30), res.statusCode]).toEqual([rawPath?.slice(0, 30), 400]);
    }
  });
});
