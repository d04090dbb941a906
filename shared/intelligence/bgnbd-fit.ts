import {
  BG_BOUNDS,
  BG_PARAM_NAMES,
  type BgFitResult,
  type BgParams,
  type BgVariant,
  bgLogLikelihood,
  DEFAULT_DROPOUT_PRIOR,
  type DropoutPrior,
  type FitBase,
} from "./bgnbd";
import { bgLogLikelihoodWithGradient } from "./bgnbd-gradient";
import { nelderMead } from "./optimize";
import { bfgs } from "./quasi-newton";
import { coarsenGroups, type GroupedSummaries, groupSummaries, type RepeatSummary } from "./summary";

// Fitting the BG/NBD family by maximum likelihood, and deciding when not to trust the result.

export interface BgFitOptions {
  variant?: BgVariant;
  /** Start of the search; by default r = a = b = 1 and alpha = the inverse mean purchase rate. */
  start?: BgParams;
  /** Maximum a posteriori instead of maximum likelihood; see DropoutPrior. */
  prior?: DropoutPrior;
}

/** Above this many distinct triples the simplex searches a coarsened copy first. */
const COARSE_ABOVE = 5_000;

/**
 * Maximum-likelihood fit on log-parameters (keeps them positive, evens out their scales): a
 * Nelder-Mead search, robust from a poor start and at bounds, then a BFGS polish with the analytic
 * gradient on the exact data. On a large shop the search runs on a coarsened time grid, which is
 * what keeps a million customers within seconds.
 */
export function fitBgnbd(
  rows: Iterable<RepeatSummary> | GroupedSummaries,
  options: BgFitOptions = {},
): BgFitResult {
  const g = isGrouped(rows) ? rows : groupSummaries(rows);
  const variant = options.variant ?? "bgnbd";
  const { prior } = options;
  const start = options.start ?? defaultStart(g);
  const inBounds = (p: BgParams): boolean =>
    BG_PARAM_NAMES.every((name) => p[name] >= BG_BOUNDS[name][0] && p[name] <= BG_BOUNDS[name][1]);
  // Log-normal prior on a and b, as a penalty on the log scale (and its gradient).
  const penalty = (u: number[]): [number, number, number] => {
    if (prior === undefined) return [0, 0, 0];
    const za = ((u[2] ?? 0) - Math.log(prior.a)) / prior.logSd;
    const zb = ((u[3] ?? 0) - Math.log(prior.b)) / prior.logSd;
    return [(za * za + zb * zb) / 2, za / prior.logSd, zb / prior.logSd];
  };
  const valueOn =
    (data: GroupedSummaries) =>
    (u: number[]): number => {
      const p = toParams(u);
      return inBounds(p) ? -bgLogLikelihood(p, data, variant) + penalty(u)[0] : Number.POSITIVE_INFINITY;
    };
  const coarse = g.size > COARSE_ABOVE;
  const u0 = BG_PARAM_NAMES.map((name) => Math.log(start[name]));
  const search = nelderMead(valueOn(coarse ? coarsenGroups(g, 15) : g), u0, {
    step: 0.7,
    ...(coarse ? { xTolerance: 1e-3, maxRestarts: 1 } : {}),
  });
  const polish = bfgs((u) => {
    const p = toParams(u);
    if (!inBounds(p)) return { value: Number.POSITIVE_INFINITY, gradient: [0, 0, 0, 0] };
    const { value, gradient } = bgLogLikelihoodWithGradient(p, g, variant);
    const [pen, dA, dB] = penalty(u);
    return {
      value: -value + pen,
      gradient: [-gradient[0], -gradient[1], -gradient[2] + dA, -gradient[3] + dB],
    };
  }, search.x);
  // The coarse search's value is on other data; compare like with like.
  const searchValue = coarse ? valueOn(g)(search.x) : search.fx;
  const best = polish.fx <= searchValue ? polish.x : search.x;
  const params = toParams(best);
  const base: FitBase = {
    variant,
    params,
    ...(prior === undefined ? {} : { prior }),
    logLikelihood: bgLogLikelihood(params, g, variant),
    customers: g.customers,
    groups: g.size,
    optimizer: {
      iterations: search.iterations + polish.iterations,
      evaluations: search.evaluations + polish.evaluations,
      converged: polish.converged || (!coarse && search.converged),
    },
  };
  const reason = boundaryReason(base, g);
  return reason === undefined ? { ...base, boundary: false } : { ...base, boundary: true, reason };
}

function toParams(u: number[]): BgParams {
  return {
    r: Math.exp(u[0] ?? 0),
    alpha: Math.exp(u[1] ?? 0),
    a: Math.exp(u[2] ?? 0),
    b: Math.exp(u[3] ?? 0),
  };
}

function boundaryReason(fit: FitBase, g: GroupedSummaries): string | undefined {
  let repeaters = 0;
  for (let k = 0; k < g.size; k++) if ((g.xValues[g.xIndex[k] ?? 0] ?? 0) > 0) repeaters += g.count[k] ?? 0;
  if (repeaters === 0) return "no customer has a repeat purchase: nothing to learn a purchase rate from";
  if (!Number.isFinite(fit.logLikelihood)) return "the log-likelihood is not finite at the estimate";
  const { a, b } = fit.params;
  // The mean drop-out probability a/(a+b) -> 0 is the classic run-off: the model then claims
  // that nobody ever churns, which is the one thing it must not tell a shop.
  if (a / (a + b) < 1e-4)
    return `a -> 0 / b -> infinity (a=${a.toPrecision(3)}, b=${b.toPrecision(3)}): nobody would ever drop out`;
  for (const name of BG_PARAM_NAMES) {
    const [lo, hi] = BG_BOUNDS[name];
    const v = fit.params[name];
    if (Math.log(v / lo) < 0.01 || Math.log(hi / v) < 0.01)
      return `${name} ran to its bound (${v.toPrecision(3)})`;
  }
  if (!fit.optimizer.converged)
    return `the optimiser did not converge in ${fit.optimizer.iterations} iterations`;
  return undefined;
}

function defaultStart(g: GroupedSummaries): BgParams {
  let purchases = 0;
  let time = 0;
  for (let k = 0; k < g.size; k++) {
    const c = g.count[k] ?? 0;
    purchases += c * (g.xValues[g.xIndex[k] ?? 0] ?? 0);
    time += c * (g.tValues[g.tIndex[k] ?? 0] ?? 0);
  }
  const alpha = purchases > 0 && time > 0 ? time / purchases : 1;
  return { r: 1, alpha: Math.min(Math.max(alpha, 1e-3), 1e6), a: 1, b: 1 };
}

function isGrouped(v: Iterable<RepeatSummary> | GroupedSummaries): v is GroupedSummaries {
  return (v as GroupedSummaries).xIndex instanceof Uint32Array;
}

/**
 * Maximum likelihood first; if that runs to a boundary, once more with the dropout prior. The
 * result says which one it is (`prior` set) and keeps the rejected estimate for the record.
 */
export function fitBgnbdWithFallback(
  rows: Iterable<RepeatSummary> | GroupedSummaries,
  variant: BgVariant = "bgnbd",
  prior: DropoutPrior = DEFAULT_DROPOUT_PRIOR,
): { fit: BgFitResult; mle: BgFitResult } {
  const g = isGrouped(rows) ? rows : groupSummaries(rows);
  const mle = fitBgnbd(g, { variant });
  if (!mle.boundary || mle.reason.startsWith("no customer")) return { fit: mle, mle };
  return { fit: fitBgnbd(g, { variant, prior }), mle };
}
