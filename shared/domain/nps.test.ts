import { describe, expect, it } from "vitest";
import { netPromoterScore, npsGroup } from "./nps";

describe("the Net Promoter Score", () => {
  it("groups 9-10 as promoters, 7-8 as passives and 0-6 as detractors", () => {
    expect([0, 6, 7, 8, 9, 10].map(npsGroup)).toEqual([
      "detractor",
      "detractor",
      "passive",
      "passive",
      "promoter",
      "promoter",
    ]);
  });

  it("is the share of promoters minus the share of detractors, in whole points", () => {
    // 5 promoters, 3 passives, 2 detractors of 10: 50 % - 20 % = +30.
    const summary = netPromoterScore([10, 9, 9, 10, 9, 7, 8, 7, 3, 0]);

    expect(summary).toMatchObject({ responses: 10, promoters: 5, passives: 3, detractors: 2, nps: 30 });
    expect(summary.distribution).toEqual([1, 0, 0, 1, 0, 0, 0, 2, 1, 3, 2]);
  });

  it("spans -100 to +100 and rounds thirds", () => {
    expect(netPromoterScore([0, 1, 6]).nps).toBe(-100);
    expect(netPromoterScore([9, 10]).nps).toBe(100);
    expect(netPromoterScore([10, 8, 8]).nps).toBe(33);
    expect(netPromoterScore([10, 0, 8]).nps).toBe(0);
  });

  it("has no score without answers, and ignores what is not a 0-10 answer", () => {
    expect(netPromoterScore([])).toMatchObject({ responses: 0, nps: null });
    expect(netPromoterScore([11, -1, 4.5, Number.NaN, 10])).toMatchObject({ responses: 1, nps: 100 });
  });
});
