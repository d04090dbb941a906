import { describe, expect, it } from "vitest";
import { digamma, expectedPurchasesAlive, gammaln, logAddExp } from "./special";

/** E[(1 - (beta/(beta+p t))^s) / p] over p ~ Beta(a, b) by brute-force midpoint quadrature. */
function byQuadrature(s: number, beta: number, a: number, b: number, t: number): number {
  const n = 200_000;
  const logNorm = gammaln(a + b) - gammaln(a) - gammaln(b);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = (i + 0.5) / n;
    const density = Math.exp(logNorm + (a - 1) * Math.log(p) + (b - 1) * Math.log1p(-p));
    sum += (density * -Math.expm1(-s * Math.log1p((p * t) / beta))) / p / n;
  }
  return sum;
}

describe("expectedPurchasesAlive", () => {
  it("agrees with numerical integration across the parameter space", () => {
    const cases: [number, number, number, number, number][] = [
      [0.5, 10, 1.5, 2, 50], // ordinary
      [3, 10, 1, 2, 50], // a = 1 exactly, where the textbook form divides by zero
      [200, 400, 1.3, 202, 365], // a heavy buyer: s in the hundreds
      [0.2, 1, 2.5, 4, 300], // t much longer than beta
    ];
    for (const [s, beta, a, b, t] of cases) {
      const exact = expectedPurchasesAlive(s, beta, a, b, t);
      expect(Math.abs(exact - byQuadrature(s, beta, a, b, t)) / exact).toBeLessThan(1e-4); // the midpoint rule is the limit here
    }
  });

  it("is continuous through a = 1", () => {
    const below = expectedPurchasesAlive(2, 20, 1 - 1e-9, 3, 100);
    const at = expectedPurchasesAlive(2, 20, 1, 3, 100);
    expect(Math.abs(below - at)).toBeLessThan(1e-6);
  });

  it("is zero for a zero horizon", () => {
    expect(expectedPurchasesAlive(1, 10, 1, 1, 0)).toBe(0);
  });
});

describe("helpers", () => {
  it("adds in log space without overflow", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, 3)).toBe(3);
  });

  it("computes digamma to 1e-12", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 12);
  });
});
