import { afterEach, describe, expect, it, vi } from "vitest";
import { createLogger, shortLine } from "./logger";

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

function printed(format: string | undefined): string {
  vi.stubEnv("LOG_LEVEL", "INFO");
  vi.stubEnv("LOG_FORMAT", format);
  const out: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const logger = createLogger("apply-shop-event");
  logger.info("applied", { eventId: "evt-1", outcome: "written", facts: { o: 1 } });
  return out.join("");
}

describe("the logger", () => {
  it("prints one short line on the npm start terminal", () => {
    expect(printed("line")).toMatch(
      /^\d\d:\d\d:\d\d apply-shop-event applied eventId=evt-1 outcome=written\n$/,
    );
  });

  it("keeps one JSON line elsewhere, as CloudWatch reads it", () => {
    const line = printed(undefined);
    expect(line).not.toBe("");
    expect(JSON.parse(line.trim())).toMatchObject({ message: "applied", eventId: "evt-1", facts: { o: 1 } });
  });

  it("cuts a long line and names a level other than INFO", () => {
    const line = shortLine({
      level: "WARN",
      service: "s",
      message: "m",
      timestamp: "2026-12-06T10:15:02Z",
      id: "x".repeat(300),
    });
    expect(line.startsWith("10:15:02 WARN s m id=")).toBe(true);
    expect(line.length).toBe(160);
  });
});
