import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RecordResult, SurveyAnswers } from "../../shared/persistence/survey-store";
import { customerClaims, signToken } from "../../shared/security/tokens";
import { RecordingBus } from "../../test/support/recording-bus";
import { createHandler } from "./handler";

const tokenKey = "test-token-key";
const now = new Date("2026-11-16T09:00:00Z");
const context = { functionName: "answer-survey", awsRequestId: "r-1" } as Context;
const tokenFor = (customer: { id?: string; email?: string }) =>
  signToken(
    {
      purpose: "survey",
      shop: "my-shop",
      exp: Math.floor(now.getTime() / 1000) + 3600,
      ...customerClaims(customer),
      sid: "s-1",
    },
    tokenKey,
  );
const firstWins: SurveyAnswers = {
  record: async (): Promise<RecordResult> => ({ status: "recorded" }),
  customerOnFile: async () => true,
};

const httpEvent = (method: string, token: string, body = ""): APIGatewayProxyEventV2 =>
  ({
    version: "2.0",
    routeKey: `${method} /survey`,
    rawPath: "/survey",
    rawQueryString: `token=${token}&score=9`,
    queryStringParameters: { token, score: "9" },
    headers: { "accept-language": "en-GB,en;q=0.9", "content-type": "application/x-www-form-urlencoded" },
    requestContext: {
      http: { method, path: "/survey", sourceIp: "198.51.100.23", userAgent: "TestAgent/1" },
    },
    body: Buffer.from(body).toString("base64"),
    isBase64Encoded: true,
  }) as unknown as APIGatewayProxyEventV2;

describe("the answer-survey handler", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("shows the form on GET, records the form's score on POST, and refuses other methods", async () => {
    const bus = new RecordingBus();
    const handler = createHandler({
      signingKey: async () => tokenKey,
      answers: firstWins,
      bus,
      now: () => now,
    });
    const token = tokenFor({ id: "c-42" });

    const page = await handler(httpEvent("GET", token), context);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('value="9" checked');
    expect(bus.published).toHaveLength(0);

    // The score comes from the form body, not from the link the form was opened with.
    const done = await handler(httpEvent("POST", token, "score=4"), context);
    expect(done.statusCode).toBe(200);
    expect(bus.published[0]?.detail).toMatchObject({ type: "survey.answered", data: { score: 4 } });

    const other = await handler(httpEvent("PUT", token), context);
    expect(other.statusCode).toBe(405);
    expect(other.headers).toMatchObject({ allow: "GET, POST" });
  });

  it("logs outcomes and ids, never a guest's address or the token", async () => {
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
    const handler = fresh({
      signingKey: async () => tokenKey,
      answers: firstWins,
      bus: new RecordingBus(),
      now: () => now,
    });
    const token = tokenFor({ email: "berta@example.com" });

    await handler(httpEvent("GET", token), context);
    await handler(httpEvent("POST", token, "score=10"), context);
    await handler(httpEvent("POST", `${token}x`, "score=10"), context);

    const logs = lines.join("");
    expect(logs).toContain('"outcome":"answered"');
    expect(logs).toContain('"reason":"malformed"');
    expect(logs).not.toContain("berta");
    expect(logs).not.toContain(token.split(".")[0]);
  });
});
