import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseDay } from "./days";
import { factsFromHistory, modelInputs } from "./facts";
import { customerLifetimeValue, DEFAULT_CLV, expectedOrderValue, fitGammaGamma } from "./gamma-gamma";
import { readTransactionFile } from "./transactions";

const sample = fileURLToPath(new URL("../../test/fixtures/cdnow/CDNOW_sample.txt", import.meta.url));

describe("Gamma-Gamma spend model", () => {
  it("reproduces the published CDNOW parameters from the raw transactions", async () => {
    const { histories } = await readTransactionFile(sample);
    const end = parseDay("1997-09-30")!;
    const inputs = histories.flatMap((h) => {
      const f = factsFromHistory(h, end);
      return f ? [modelInputs(f, end, 7)] : [];
    });
    const fit = fitGammaGamma(inputs);
    expect(fit.usable).toBe(true);
    expect(fit.customers).toBe(946);
    expect(fit.params.p.toFixed(2)).toBe("6.25");
    expect(fit.params.q.toFixed(2)).toBe("3.74");
    expect(fit.params.v.toFixed(2)).toBe("15.44");
  });

  it("pulls a customer's mean towards the population mean, less so the more orders they made", () => {
    const params = { p: 6.25, q: 3.74, v: 15.44 };
    const population = expectedOrderValue(params, { x: 0, m: 0 });
    expect(population).toBeCloseTo((6.25 * 15.44) / 2.74, 10);
    const few = expectedOrderValue(params, { x: 1, m: 100 });
    const many = expectedOrderValue(params, { x: 50, m: 100 });
    expect(few).toBeGreaterThan(population);
    expect(many).toBeGreaterThan(few);
    expect(many).toBeLessThan(100);
  });

  it("values a customer less when the margin is lower or the discount rate higher", () => {
    const bg = { r: 0.243, alpha: 30.9, a: 0.793, b: 2.426 };
    const gg = { p: 6.25, q: 3.74, v: 15.44 };
    const c = { x: 4, tx: 200, T: 250, m: 40 };
    const base = customerLifetimeValue(bg, gg, c);
    expect(base).toBeGreaterThan(0);
    expect(customerLifetimeValue(bg, gg, c, { ...DEFAULT_CLV, margin: 0.3 })).toBeCloseTo(base * 0.3, 8);
    expect(customerLifetimeValue(bg, gg, c, { ...DEFAULT_CLV, annualDiscountRate: 0.5 })).toBeLessThan(base);
  });

  it("says so when there is no repeat buyer to learn spend from", () => {
    const fit = fitGammaGamma([{ x: 0, m: 0 }]);
    expect(fit.usable).toBe(false);
    expect(fit.reason).toMatch(/repeat buyer/);
  });
});
