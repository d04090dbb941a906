import { describe, expect, it } from "vitest";
import type { OrderFact, ProfileState } from "../domain/profile";
import type { JourneyInstance } from "../persistence/journey-store";
import { renderHtml } from "./html";
import { buildReport } from "./report";
import { renderText } from "./text";

const order = (at: string, total: string): OrderFact => ({ total, currency: "EUR", at, s: `${at}|e` });

function profile(key: string, orders: [string, string][], extra: Record<string, unknown> = {}): ProfileState {
  const facts: ProfileState["facts"] = {};
  orders.forEach(([at, total], i) => {
    facts[`o:${key}-${i}`] = order(at, total);
  });
  Object.assign(facts, extra);
  return { shop: "default", customerKey: key, facts };
}

function instance(
  key: string,
  status: JourneyInstance["status"],
  ledger: JourneyInstance["ledger"],
): JourneyInstance {
  return {
    shop: "default",
    customerKey: key,
    campaignId: "winback",
    key: "once",
    status,
    priority: "lifecycle",
    triggerEventId: "e",
    triggeredAt: "2026-10-01T09:00:00.000Z",
    firstDueAt: "2026-10-01T10:00:00.000Z",
    dueAt: "2026-10-01T10:00:00.000Z",
    trigger: { type: "order.placed", data: {} },
    attempts: 1,
    ledger,
  };
}

// The claim carries the dispatch's time; the sent entry the wall clock (later, in a replayed dispatch).
const sent = (at: string) => [
  { at, decision: "claimed" as const },
  { at: "2026-11-25T08:00:00.000Z", decision: "sent" as const, messageId: "m" },
];
const heldOut = (at: string) => [{ at, decision: "skipped" as const, reason: "holdout" }];

const states = [
  profile(
    "id:a",
    [
      ["2025-03-01T10:00:00Z", "100"],
      ["2026-10-03T10:00:00Z", "50"],
    ],
    { "e:lastOpenAt": "2026-10-02T08:00:00Z" },
  ),
  profile("id:b", [
    ["2026-01-10T10:00:00Z", "20"],
    ["2026-10-20T10:00:00Z", "70"],
  ]),
  profile("id:c", [
    ["2026-06-01T10:00:00Z", "30"],
    ["2026-10-04T10:00:00Z", "10"],
  ]),
  profile("id:d", [["2026-09-01T10:00:00Z", "40"]]),
];
const instances = [
  instance("id:a", "sent", sent("2026-10-01T10:00:00.000Z")),
  instance("id:b", "sent", [
    { at: "2026-10-01T22:00:00.000Z", decision: "deferred", reason: "quiet-hours" },
    ...sent("2026-10-02T08:00:00.000Z"),
  ]),
  instance("id:c", "skipped", heldOut("2026-10-01T10:00:00.000Z")),
  instance("id:d", "skipped", [
    { at: "2026-10-01T10:00:00.000Z", decision: "skipped", reason: "no-consent" },
  ]),
];
const asOf = new Date("2026-11-01T00:00:00Z");

describe("buildReport", () => {
  const report = buildReport(states, instances, { asOf });
  const winback = report.campaigns[0];

  it("counts sends, deferrals and skips by reason from the ledgers", () => {
    expect(winback).toMatchObject({
      campaignId: "winback",
      triggered: 4,
      sent: 2,
      deferred: 1,
      deferrals: 1,
    });
    expect(winback?.skipped).toEqual({ holdout: 1, "no-consent": 1 });
    expect(winback?.opened).toBe(1);
  });

  it("attributes only orders within the window after the send", () => {
    // a: 50 on day 2 of the window; b: ordered 18 days later, outside it.
    expect(winback?.windowOrders).toBe(1);
    expect(winback?.windowRevenue).toBe(50);
    expect(winback?.lastTouchRevenue).toBe(50);
  });

  it("compares revenue per customer of mailed and held-out customers", () => {
    expect(winback?.uplift?.treatment).toMatchObject({ n: 2, mean: 25 });
    expect(winback?.uplift?.control).toMatchObject({ n: 1, mean: 10 });
    expect(winback?.uplift?.difference).toBe(15);
  });

  it("reconstructs lifecycle stages per month from order times", () => {
    const march = report.lifecycle.find((m) => m.month === "2025-03");
    expect(march?.counts).toMatchObject({ new: 1, repeat: 0 });
    const last = report.lifecycle[report.lifecycle.length - 1];
    expect(last?.month).toBe("2026-11");
    expect(last?.counts).toMatchObject({ new: 1, repeat: 3 });
  });

  it("fills the RFM grid, ABC curve and rule-based churn with every buyer", () => {
    expect(report.rfm.cells.flat().reduce((s, n) => s + n, 0)).toBe(4);
    expect(report.abc.curve[report.abc.curve.length - 1]?.revenue).toBeCloseTo(1, 9);
    expect(report.churn.source).toBe("rfm-rules");
    expect(report.churn.bins.reduce((s, b) => s + b.count, 0)).toBe(4);
    expect(report.clv).toEqual([]);
  });

  it("renders one page without scripts or external resources, and terminal tables", () => {
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    for (const id of ["lifecycle", "rfm", "abc", "churn", "clv", "campaigns", "holdout"])
      expect(html).toContain(`id="${id}"`);
    expect(html).toContain("run `npm run cli -- job fit-model`");
    expect(renderText(report)).toMatch(/winback: mailed 25\.00 EUR vs control 10\.00 EUR/);
  });

  it("leaves out orders and journeys after --now in every section", () => {
    const early = buildReport(states, [instance("id:a", "sent", sent("2026-10-01T10:00:00.000Z"))], {
      asOf: new Date("2026-06-01T00:00:00Z"),
    });
    const late = buildReport(states, [instance("id:a", "sent", sent("2026-10-01T10:00:00.000Z"))], {
      asOf: new Date("2026-12-01T00:00:00Z"),
    });
    // a's 100 (2025-03) and b's 20 (2026-01) were placed by June; the October orders were not.
    expect(early.revenue).toBe(120);
    expect(late.revenue).toBeGreaterThan(early.revenue);
    expect(early.buyers).toBeLessThan(late.buyers);
    expect(early.campaigns).toEqual([]);
    expect(late.campaigns).not.toEqual([]);
  });

  it("says why today's stage counts can differ from the last month-end column, with both sets", () => {
    const today = Object.entries(report.currentStages)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    expect(renderText(report)).toContain(
      `Month ends use fixed rules (at risk after 180 days without an order, inactive after 365); today, as the profiles hold it (churn model or usual interval): ${today}`,
    );
    expect(renderHtml(report)).toMatch(
      /its at-risk and inactive counts can differ from the last month.s fixed-rule column/,
    );
  });
});
