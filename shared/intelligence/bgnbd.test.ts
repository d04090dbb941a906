import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { logParamStandardErrors } from "../../test/support/intelligence-fisher";
import { simulateBgnbd } from "../../test/support/simulate-bgnbd";
import { bgLogLikelihood } from "./bgnbd";
import { fitBgnbd, fitBgnbdWithFallback } from "./bgnbd-fit";
import {
  expectedPurchases,
  expectedPurchasesPopulation,
  pAlive,
  probabilityNoPurchase,
} from "./bgnbd-predict";
import { groupSummaries, type RepeatSummary } from "./summary";

// The calibration summary of Fader, Hardie & Lee (2005): 2,357 CDNOW customers, weeks 1-39.
const summaryFile = new URL(
  "../../test/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv",
  import.meta.url,
);
const cdnow: RepeatSummary[] = readFileSync(summaryFile, "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [, x, tx, T] = line.split(",").map(Number);
    return { x: x!, tx: tx!, T: T! };
  });

describe("BG/NBD on the CDNOW sample", () => {
  const fit = fitBgnbd(cdnow);

  it("reproduces the published parameters and log-likelihood", () => {
    expect(fit.boundary).toBe(false);
    expect(fit.params.r.toFixed(3)).toBe("0.243");
    expect(fit.params.alpha.toFixed(3)).toBe("4.414");
    expect(fit.params.a.toFixed(3)).toBe("0.793");
    expect(fit.params.b.toFixed(3)).toBe("2.426");
    expect(fit.logLikelihood.toFixed(1)).toBe("-9582.4");
  });

  it("matches the known-answer population expectations E[X(t)]", () => {
    // Hardie's spreadsheet values. Ours agree with numerical integration (special.test.ts); at
    // t = 78 the spreadsheet's own 2F1 evaluation gives 1.8576 against our 1.8580, hence 5e-4.
    const known: [number, number][] = [
      [1, 0.0532],
      [3, 0.1506],
      [32, 1.0437],
      [78, 1.8576],
    ];
    for (const [t, value] of known)
      expect(Math.abs(expectedPurchasesPopulation(fit.params, t) - value)).toBeLessThan(5e-4);
  });

  it("matches the known-answer conditional expectation E[Y(39) | 2, 30.43, 38.86]", () => {
    expect(expectedPurchases(fit.params, { x: 2, tx: 30.43, T: 38.86 }, 39).toFixed(3)).toBe("1.226");
  });

  it("gives every one-time buyer P(alive) = 1, which MBG/NBD does not", () => {
    const oneTime = { x: 0, tx: 0, T: 38 };
    expect(pAlive(fit.params, oneTime)).toBe(1);
    const mbg = fitBgnbd(cdnow, { variant: "mbgnbd" });
    expect(pAlive(mbg.params, oneTime, "mbgnbd")).toBeLessThan(1);
    expect(pAlive(mbg.params, oneTime, "mbgnbd")).toBeGreaterThan(0);
  });

  it("scores the same log-likelihood grouped as customer by customer", () => {
    const perCustomer = cdnow.reduce((s, c) => s + bgLogLikelihood(fit.params, groupSummaries([c])), 0);
    expect(bgLogLikelihood(fit.params, groupSummaries(cdnow))).toBeCloseTo(perCustomer, 6);
  });
});

describe("BG/NBD on simulated customers", () => {
  it("recovers the parameters it simulated from within three standard errors", () => {
    const truth = { r: 0.25, alpha: 30, a: 0.8, b: 2.5 };
    const customers = simulateBgnbd(truth, {
      customers: 20_000,
      seed: 42,
      observedFor: (rand) => 90 + 275 * rand(),
    });
    const grouped = groupSummaries(customers);
    const fit = fitBgnbd(grouped);
    const se = logParamStandardErrors(fit.params, grouped);
    (["r", "alpha", "a", "b"] as const).forEach((name, i) => {
      const z = Math.log(fit.params[name] / truth[name]) / se[i]!;
      expect(Math.abs(z), `${name}: estimate ${fit.params[name]}, se(log) ${se[i]}`).toBeLessThan(3);
    });
  });

  it("recovers MBG/NBD parameters from an MBG/NBD population", () => {
    const truth = { r: 0.5, alpha: 40, a: 0.9, b: 1.6 };
    const customers = simulateBgnbd(truth, {
      customers: 20_000,
      seed: 7,
      observedFor: (rand) => 90 + 275 * rand(),
      variant: "mbgnbd",
    });
    const grouped = groupSummaries(customers);
    const fit = fitBgnbd(grouped, { variant: "mbgnbd" });
    const se = logParamStandardErrors(fit.params, grouped, "mbgnbd");
    (["r", "alpha", "a", "b"] as const).forEach((name, i) => {
      expect(Math.abs(Math.log(fit.params[name] / truth[name]) / se[i]!), name).toBeLessThan(3);
    });
  });

  it("reports a population that never drops out as a boundary fit instead of publishing it", () => {
    // p ~ Beta(0.01, 1000): essentially nobody ever leaves.
    const customers = simulateBgnbd(
      { r: 1, alpha: 20, a: 0.01, b: 1000 },
      { customers: 3_000, seed: 3, observedFor: (rand) => 60 + 120 * rand() },
    );
    const { fit, mle } = fitBgnbdWithFallback(customers);
    expect(mle.boundary).toBe(true);
    expect(mle.boundary && mle.reason).toMatch(/drop out|bound/);
    // The fallback states its prior openly.
    expect(fit.prior).toBeDefined();
  });

  it("refuses to fit a shop where nobody has bought twice", () => {
    const fit = fitBgnbd([
      { x: 0, tx: 0, T: 10 },
      { x: 0, tx: 0, T: 20 },
    ]);
    expect(fit.boundary).toBe(true);
    expect(fit.boundary && fit.reason).toMatch(/repeat purchase/);
  });
});

describe("BG/NBD predictions at the extremes", () => {
  const params = { r: 0.243, alpha: 30.9, a: 0.793, b: 2.426 }; // CDNOW, in days
  const oneOrder = { x: 0, tx: 0, T: 200 };
  const heavy = { x: 199, tx: 360, T: 365 };

  it("gives a one-time buyer and a 200-order customer finite, ordered forecasts", () => {
    for (const variant of ["bgnbd", "mbgnbd"] as const) {
      const light = expectedPurchases(params, oneOrder, 365, variant);
      const loyal = expectedPurchases(params, heavy, 365, variant);
      expect(Number.isFinite(light) && Number.isFinite(loyal)).toBe(true);
      expect(light).toBeGreaterThan(0);
      expect(light).toBeLessThan(1);
      // A customer ordering every ~2 days who was here last week keeps roughly that pace.
      expect(loyal).toBeGreaterThan(100);
      expect(loyal).toBeLessThan(250);
      // Only the chance of having just dropped out (a/(b+x-1), inflated by 5 quiet days) remains.
      expect(probabilityNoPurchase(params, heavy, 30, variant)).toBeLessThan(0.1);
    }
  });
});
