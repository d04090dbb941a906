import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { customerClaims, signToken } from "../../shared/security/tokens";
import { RecordingBus } from "../../test/support/recording-bus";
import { createHandler } from "./handler";

const tokenKey = "test-token-key";
const now = new Date("2026-11-02T09:00:00Z");
const context = { functionName: "confirm-consent", awsRequestId: "r-1" } as Context;
const tokenFor = (customer: { id?: string; email?: string }) =>
  signToken(
    {
      purpose: "confirm",
      shop: "my-shop",
      exp: Math.floor(now.getTime() / 1000) + 3600,
      ...customerClaims(customer),
    },
    tokenKey,
  );

const httpEvent = (method: string, token: string): APIGatewayProxyEventV2 =>
  ({
    version: "2.0",
    routeKey: `${method} /confirm`,
    rawPath: "/confirm",
    rawQueryString: `token=${token}`,
    queryStringParameters: { token },
    headers: { "accept-language": "en-GB,en;q=0.9" },
    requestContext: {
      http: { method, path: "/confirm", sourceIp: "198.51.100.23", userAgent: "TestAgent/1" },
    },
    body: "",
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe("the confirm-consent handler", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("serves the page on GET, confirms on POST with the caller's IP and agent, and refuses other methods", async () => {
    const bus = new RecordingBus();
    const handler = createHandler({ signingKey: async () => tokenKey, bus, now: () => now });
    const token = tokenFor({ id: "c-42" });

    const page = await handler(httpEvent("GET", token), context);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Confirm subscription");
    expect(bus.published).toHaveLength(0);

    const done = await handler(httpEvent("POST", token), context);
    expect(done.statusCode).toBe(200);
    expect(bus.published[0]?.detail).toMatchObject({
      data: { ip: "198.51.100.23", userAgent: "TestAgent/1", source: "double-opt-in" },
    });

    const other = await handler(httpEvent("PUT", token), context);
    expect(other.statusCode).toBe(405);
    expect(other.headers).toMatchObject({ allow: "GET, POST" });
  });

  it("logs outcomes and customer keys, never a guest's address, the token or the IP", async () => {
    // The logger is silent under vitest; load a fresh handler module that logs, and capture it.
    vi.stubEnv("LOG_LEVEL", "INFO");
    vi.resetModules();
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const { createHandler: fresh } = await import("./handler");
    const handler = fresh({ signingKey: async () => tokenKey, bus: new RecordingBus(), now: () => now });
    const token = tokenFor({ email: "berta@example.com" });

    await handler(httpEvent("GET", token), context);
    await handler(httpEvent("POST", token), context);
    await handler(httpEvent("POST", `${token}x`), context);

    const logs = lines.join("");
    expect(logs).toContain('"outcome":"confirmed"');
    expect(logs).toContain('"reason":"malformed"');
    expect(logs).not.toContain("berta");
    expect(logs).not.toContain(token.split(".")[0]);
    expect(logs).not.toContain("198.51.100.23");
  });
});
