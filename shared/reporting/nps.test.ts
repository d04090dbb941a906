import { describe, expect, it } from "vitest";
import type { ProfileState, SurveyFact } from "../domain/profile";
import { renderHtml } from "./html";
import { buildReport } from "./report";
import { renderText } from "./text";

const answeredAt = (at: string, score: number): SurveyFact => ({
  score,
  surveyId: `s-${at}`,
  at,
  s: `${at}|e`,
});

function customer(key: string, shop: string, answer?: SurveyFact): ProfileState {
  return { shop, customerKey: key, facts: answer ? { "n:lastAnswer": answer } : {} };
}

const asOf = new Date("2026-12-01T00:00:00Z");
const states = [
  customer("id:a", "default", answeredAt("2026-11-02T10:00:00.000Z", 10)),
  customer("id:b", "default", answeredAt("2026-11-03T10:00:00.000Z", 9)),
  customer("id:c", "default", answeredAt("2026-11-04T10:00:00.000Z", 8)),
  customer("id:d", "default", answeredAt("2026-11-05T10:00:00.000Z", 2)),
  // Answered after the report's date: not in it.
  customer("id:e", "default", answeredAt("2026-12-05T10:00:00.000Z", 0)),
  customer("id:f", "default"),
  customer("id:g", "other-shop", answeredAt("2026-11-05T10:00:00.000Z", 0)),
];

describe("the report's Net Promoter Score", () => {
  it("counts each customer's latest answer up to the report's date, per shop", () => {
    const report = buildReport(states, [], { asOf, shop: "default" });

    // 2 promoters, 1 passive, 1 detractor of 4: 50 % - 25 % = +25.
    expect(report.nps).toMatchObject({ responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25 });
    expect(buildReport(states, [], { asOf, shop: "other-shop" }).nps.nps).toBe(-100);
  });

  it("shows in the terminal and as a section of the page", () => {
    const report = buildReport(states, [], { asOf, shop: "default" });

    expect(renderText(report)).toContain(
      "Net Promoter Score: +25 (4 customers answered: 2 promoters, 1 passives, 1 detractors)",
    );
    expect(renderText(report)).toContain("scores 0-10: 0 0 1 0 0 0 0 0 1 1 1");
    const html = renderHtml(report);
    expect(html).toContain('id="nps"');
    expect(html).toMatch(/<b>\+25<\/b>NPS/);
  });

  it("says so when nobody has answered yet", () => {
    const report = buildReport([customer("id:x", "default")], [], { asOf });

    expect(report.nps.nps).toBeNull();
    expect(renderText(report)).toContain("Net Promoter Score: no survey answers yet");
    expect(renderHtml(report)).toContain("No survey answers yet");
  });
});
