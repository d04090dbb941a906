import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { costMarkdown, DEFAULT_ASSUMPTIONS, MEASURED, monthlyCost, PRICES } from "./costs";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const line = (customers: number, item: string) =>
  monthlyCost(customers).find((l) => l.item.startsWith(item))?.usd ?? Number.NaN;

describe("the cost model", () => {
  it("prices 10,000 customers as worked out by hand", () => {
    // 3 events and 2 mails per customer; 2.4 SES events back per mail.
    const events = 30_000;
    const mails = 20_000;
    const feedback = 48_000;
    const writes = (events + feedback) * 1.4 + events + mails * 11 + 10_000 * (4.35 + 1);
    expect(line(10_000, "DynamoDB on-demand writes")).toBeCloseTo((writes / 1e6) * 0.625, 10);
    expect(line(10_000, "SES")).toBeCloseTo(2.0, 10);
    expect(line(10_000, "API Gateway")).toBeCloseTo(0.03, 10);
    expect(line(10_000, "EventBridge")).toBeCloseTo((events + feedback) / 1e6, 10);
    expect(line(10_000, "DynamoDB storage")).toBeCloseTo(((10_000 * 30) / 1024 ** 2) * 0.25, 10);
    expect(line(10_000, "Secrets Manager")).toBeCloseTo(7 * 0.4 + 1, 10);
  });

  it("grows the usage lines with the customers and keeps the fixed ones fixed", () => {
    for (const item of ["SES", "API Gateway", "EventBridge", "DynamoDB storage"])
      expect(line(1_000_000, item)).toBeCloseTo(100 * line(10_000, item), 6);
    expect(line(1_000_000, "Secrets Manager")).toBe(line(10_000, "Secrets Manager"));
    const total = (n: number) => monthlyCost(n).reduce((s, l) => s + l.usd, 0);
    expect(total(100_000)).toBeGreaterThan(total(10_000));
    expect(total(1_000_000) / 1_000_000).toBeLessThan(total(10_000) / 10_000);
  });

  it("uses the measured units: twice the WCU per event doubles the profile writes' share", () => {
    const base = monthlyCost(100_000, DEFAULT_ASSUMPTIONS, MEASURED, PRICES)[0]?.usd ?? 0;
    const doubled =
      monthlyCost(100_000, DEFAULT_ASSUMPTIONS, { ...MEASURED, profileWriteWcuPerEvent: 2.8 }, PRICES)[0]
        ?.usd ?? 0;
    const profileShare = ((100_000 * (3 + 4.8) * 1.4) / 1e6) * 0.625;
    expect(doubled - base).toBeCloseTo(profileShare, 10);
  });

  it("matches the bench's measured WCU per event in README (Performance)", () => {
    const row = /\| new or in-order event\s*\| ([\d.]+) WCU/.exec(README)?.[1];
    expect(
      Number(row),
      "the bench measured another WCU per event: update MEASURED in costs.ts, then npm run cli -- costs --update-readme",
    ).toBe(MEASURED.profileWriteWcuPerEvent);
  });

  it("is the table in README (npm run cli -- costs --update-readme)", () => {
    const block = /<!-- costs:start -->\n([\s\S]*?)\n<!-- costs:end -->/.exec(README)?.[1];
    expect(block).toBe(costMarkdown());
  });
});
