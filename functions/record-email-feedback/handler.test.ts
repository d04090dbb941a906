import { readFileSync } from "node:fs";
import type { Context } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { InMemorySuppressionList } from "../../shared/persistence/suppression-store";
import { RecordingBus } from "../../test/support/recording-bus";
import { createHandler } from "./handler";

const FIXTURES = new URL("../../test/fixtures/ses/", import.meta.url);
const raw = (path: string): unknown => JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8"));

function given() {
  const suppressions = new InMemorySuppressionList();
  const bus = new RecordingBus();
  return { suppressions, bus, deps: { suppressions, bus, now: () => new Date("2026-11-02T10:00:00Z") } };
}

describe("the record-email-feedback handler", () => {
  const context = { functionName: "record-email-feedback", awsRequestId: "r-1" } as Context;

  it("reads the record from the EventBridge envelope SES delivers on the default bus", async () => {
    const { suppressions, bus, deps } = given();
    const handler = createHandler(deps);
    const envelope = {
      version: "0",
      id: "e-1",
      "detail-type": "Email Complaint Received",
      source: "aws.ses",
      account: "123456789012",
      time: "2017-08-05T00:41:03Z",
      region: "eu-central-1",
      resources: [],
      detail: raw("event-publishing-sns/complaint-record.json"),
    };

    const answer = await handler(envelope, context);

    expect(answer).toMatchObject({ kind: "complaint", outcome: "recorded", suppressed: 1, published: 1 });
    expect(await suppressions.isSuppressed("recipient@example.com", "default")).toBe(true);
    expect(bus.published).toHaveLength(1);
  });

  it("acknowledges what it cannot read, changing nothing", async () => {
    const { suppressions, bus, deps } = given();
    const handler = createHandler(deps);

    const answer = await handler(
      { "detail-type": "Email Teleported", source: "aws.ses", detail: {} },
      context,
    );

    expect(answer).toEqual({ outcome: "unrecognised" });
    expect(suppressions.entries.size).toBe(0);
    expect(bus.published).toHaveLength(0);
  });
});

describe("the record-email-feedback handler's logs", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it("carry message ids and counts, never an address", async () => {
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
    const handler = fresh(given().deps);
    const context = { functionName: "record-email-feedback", awsRequestId: "r-1" } as Context;

    await handler(
      { "detail-type": "Email Bounced", detail: raw("event-publishing-sns/bounce-record.json") },
      context,
    );
    await handler(
      { "detail-type": "Email Bounced", detail: { mail: { destination: ["x@example.com"] } } },
      context,
    );

    const logs = lines.join("");
    expect(logs).toContain("EXAMPLE7c191be45");
    expect(logs).toContain("Email Bounced");
    expect(logs).not.toMatch(/@example\.com/);
  });
});
