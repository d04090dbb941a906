import { describe, expect, it } from "vitest";
import { niceMax, stackedBars } from "./svg";

const ticks = (svg: string) => [...svg.matchAll(/text-anchor="end" fill="#555">([^<]*)</g)].map((m) => m[1]);

describe("chart axes", () => {
  it("round the top of the axis up to four round steps", () => {
    expect([1, 3, 7, 10, 38, 100, 4383, 52_000, 0].map(niceMax)).toEqual([
      1, 3, 8, 10, 40, 100, 5000, 60_000, 1,
    ]);
  });

  it("label every tick with a round number", () => {
    const svg = stackedBars(["2010-01", "2010-02"], [{ name: "new", color: "#000" }], [[4383, 2100]]);
    expect(ticks(svg)).toEqual(["0", "1.25k", "2.5k", "3.75k", "5k"]);
  });
});
