import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { customerClaims, signToken } from "../../shared/security/tokens";
import { RecordingBus } from "../../test/support/recording-bus";
import { createHandler } from "./handler";

const tokenKey = "test-token-key";
const now = new Date("2026-11-02T09:00:00Z");
const context = { functionName: "serve-unsubscribe", awsRequestId: "r-1" } as Context;
const tokenFor = (customer: { id?: string; email?: string }) =>
  signToken(
    {
      purpose: "unsubscribe",
      shop: "my-shop",
      exp: Math.floor(now.getTime() / 1000) + 3600,
      ...customerClaims(customer),
    },
    tokenKey,
  );

const httpEvent = (method: string, token: string, body = ""): APIGatewayProxyEventV2 =>
  ({
    version: "2.0",
    routeKey: `${method} /unsubscribe`,
    rawPath: "/unsubscribe",
    rawQueryString: `token=${token}`,
    queryStringParameters: { token },
    headers: { "content-type": "application/x-www-form-urlencoded", "accept-language": "de-DE" },
    requestContext: { http: { method, path: "/unsubscribe" } },
    body,
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe("the serve-unsubscribe handler", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("serves the page on GET and unsubscribes on the one-click POST through the middleware", async () => {
    const bus = new RecordingBus();
    const handler = createHandler({ signingKey: async () => tokenKey, bus, now: () => now });
    const token = tokenFor({ id: "c-42" });

    const page = await handler(httpEvent("GET", token), context);
    expect(page.statusCode).toBe(200);
    expect(bus.published).toHaveLength(0);

    const done = await handler(httpEvent("POST", token, "List-Unsubscribe=One-Click"), context);
    expect(done.statusCode).toBe(200);
    expect(bus.published).toHaveLength(1);

    const other = await handler(httpEvent("PUT", token), context);
    expect(other.statusCode).toBe(405);
    expect(other.headers).toMatchObject({ allow: "GET, POST", "content-type": "text/html; charset=utf-8" });
  });

  it("logs outcomes and customer keys, never a guest's address or token", async () => {
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
    await handler(httpEvent("POST", token, "List-Unsubscribe=One-Click"), context);
    await handler(httpEvent("POST", `${token}x`), context);

    const logs = lines.join("");
    expect(logs).toContain('"outcome":"unsubscribed"');
    expect(logs).toContain('"reason":"malformed"');
    expect(logs).not.toContain("berta");
    expect(logs).not.toContain(token.split(".")[0]);
  });
});
