import type { BgParams, BgVariant } from "./bgnbd";
import { expectedPurchases } from "./bgnbd-predict";
import { nelderMead } from "./optimize";
import { gammaln } from "./special";
import type { RepeatSummary } from "./summary";

/**
 * Gamma-Gamma spend model (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"): each
 * order value is Gamma(p, nu), nu varies across customers as Gamma(q, v). Fitted on customers with
 * at least one repeat purchase, from x (repeat purchases) and their mean value m. Amounts are model
 * estimates in the shop's currency, not ledger money: floats are fine here, round at the edge.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface SpendSummary {
  x: number;
  /** Mean value of the x repeat purchases. */
  m: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  logLikelihood: number;
  customers: number;
  converged: boolean;
  /** q <= 1 means the population mean spend is infinite: do not use the fit. */
  usable: boolean;
  reason?: string;
}

const BOUNDS: readonly [number, number] = [1e-4, 1e6];

export function gammaGammaLogLikelihood(params: GammaGammaParams, rows: readonly SpendSummary[]): number {
  return spendLikelihood(rows)(params);
}

/**
 * The log-likelihood as a function of the parameters, with everything that depends only on the
 * data (logs of the means, the distinct x) computed once: the optimiser calls it hundreds of times.
 */
function spendLikelihood(rows: readonly SpendSummary[]): (params: GammaGammaParams) => number {
  const distinct = [...new Set(rows.map((r) => r.x))];
  const index = new Map(distinct.map((x, i) => [x, i]));
  const xIndex = Uint32Array.from(rows, (r) => index.get(r.x) ?? 0);
  const logM = Float64Array.from(rows, (r) => Math.log(r.m));
  const total = Float64Array.from(rows, (r) => r.x * r.m);
  const xs = Float64Array.from(distinct);
  const headX = new Float64Array(xs.length);
  return ({ p, q, v }) => {
    const head = -gammaln(q) + q * Math.log(v);
    for (let i = 0; i < xs.length; i++) {
      const px = p * xs[i]!;
      headX[i] = gammaln(px + q) - gammaln(px) + px * Math.log(xs[i]!) + head;
    }
    let sum = 0;
    for (let k = 0; k < xIndex.length; k++) {
      const px = p * xs[xIndex[k]!]!;
      sum += headX[xIndex[k]!]! + (px - 1) * logM[k]! - (px + q) * Math.log(v + total[k]!);
    }
    return sum;
  };
}

export function fitGammaGamma(input: readonly SpendSummary[]): GammaGammaFit {
  // Only repeat buyers carry information on spend variation within a customer.
  const rows = input.filter((r) => r.x > 0 && r.m > 0 && Number.isFinite(r.m));
  if (rows.length === 0) {
    return {
      params: { p: 1, q: 2, v: 1 },
      logLikelihood: 0,
      customers: 0,
      converged: false,
      usable: false,
      reason: "no repeat buyer with a positive order value",
    };
  }
  const meanSpend = rows.reduce((s, r) => s + r.m, 0) / rows.length;
  const likelihood = spendLikelihood(rows);
  const objective = (u: number[]): number => {
    const params = { p: Math.exp(u[0] ?? 0), q: Math.exp(u[1] ?? 0), v: Math.exp(u[2] ?? 0) };
    for (const value of [params.p, params.q, params.v]) {
      if (!(value >= BOUNDS[0] && value <= BOUNDS[1])) return Number.POSITIVE_INFINITY;
    }
    return -likelihood(params);
  };
  // Start at a population whose mean spend p*v/(q-1) equals the observed mean.
  const result = nelderMead(objective, [Math.log(2), Math.log(3), Math.log(meanSpend)], { step: 0.7 });
  const params = {
    p: Math.exp(result.x[0] ?? 0),
    q: Math.exp(result.x[1] ?? 0),
    v: Math.exp(result.x[2] ?? 0),
  };
  const fit = { params, logLikelihood: -result.fx, customers: rows.length, converged: result.converged };
  if (!(params.q > 1))
    return { ...fit, usable: false, reason: `q = ${params.q.toPrecision(3)} <= 1: mean spend is unbounded` };
  if (!result.converged) return { ...fit, usable: false, reason: "the optimiser did not converge" };
  return { ...fit, usable: true };
}

/**
 * E[M | x, m]: a credibility-weighted mix of the population mean p*v/(q-1) and the customer's own
 * mean m; with x = 0 (no repeat purchase) it is the population mean.
 */
export function expectedOrderValue(params: GammaGammaParams, c: SpendSummary): number {
  const { p, q, v } = params;
  if (c.x === 0) return (p * v) / (q - 1);
  return (p * (v + c.x * c.m)) / (p * c.x + q - 1);
}

export interface ClvOptions {
  /** Share of revenue that is profit; 1 gives a revenue CLV. */
  margin: number;
  /** Yearly discount rate, applied monthly: cash a year out is worth 1/(1+rate). */
  annualDiscountRate: number;
  months: number;
  /** Length of one month in the fit's time unit (30.4375 for days, 365.25/12). */
  monthLength: number;
}

export const DEFAULT_CLV: ClvOptions = {
  margin: 1,
  annualDiscountRate: 0.1,
  months: 12,
  monthLength: 365.25 / 12,
};

/**
 * Discounted CLV over the next `months` months: expected purchases in each month (from the BG/NBD
 * family) times the expected order value and margin, discounted to today.
 */
export function customerLifetimeValue(
  bg: BgParams,
  gg: GammaGammaParams,
  c: RepeatSummary & SpendSummary,
  options: ClvOptions = DEFAULT_CLV,
  variant: BgVariant = "bgnbd",
): number {
  const value = expectedOrderValue(gg, c) * options.margin;
  let clv = 0;
  let before = 0;
  for (let k = 1; k <= options.months; k++) {
    const upTo = expectedPurchases(bg, c, k * options.monthLength, variant);
    clv += ((upTo - before) * value) / (1 + options.annualDiscountRate) ** (k / 12);
    before = upTo;
  }
  return clv;
}
