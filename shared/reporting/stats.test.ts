import { describe, expect, it } from "vitest";
import { summarise, welchUplift } from "./stats";

describe("welchUplift", () => {
  it("gives the difference of means with a Welch 95 % interval", () => {
    const treatment = [10, 20, 30, 40];
    const control = [5, 5, 15, 15];
    const u = welchUplift(treatment, control);
    // means 25 and 10; variances 166.67 and 33.33; se = sqrt(166.67/4 + 33.33/4) = 7.07
    expect(u?.difference).toBeCloseTo(15, 6);
    expect(u?.low).toBeCloseTo(15 - 1.959964 * Math.sqrt(50), 4);
    expect(u?.high).toBeCloseTo(15 + 1.959964 * Math.sqrt(50), 4);
    expect(u?.relative).toBeCloseTo(1.5, 6);
  });

  it("makes no comparison when a group is empty", () => {
    expect(welchUplift([1, 2], [])).toBeUndefined();
  });

  it("reports no relative uplift when the control group bought nothing", () => {
    expect(welchUplift([5], [0, 0])?.relative).toBeNull();
  });

  it("uses the sample variance", () => {
    expect(summarise([1, 2, 3]).variance).toBeCloseTo(1, 9);
  });
});
