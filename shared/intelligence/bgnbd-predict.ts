import type { BgParams, BgVariant } from "./bgnbd";
import { expectedPurchasesAlive, logistic } from "./special";
import type { RepeatSummary } from "./summary";

// Per-customer expectations of the BG/NBD family. Given the history (x, tx, T) and that the customer
// is still alive at T, the purchase rate is Gamma(r + x, alpha + T) and the drop-out probability is
// Beta(a, b + x) (BG/NBD) or Beta(a, b + x + 1) (MBG/NBD, which also had the first-purchase "coin"),
// so every forecast is the population formula with these posterior parameters, times P(alive).
// Time t is in the fit's unit (days for the product).

/** log of the odds that the customer dropped out after the last purchase rather than being alive. */
function logDeadOdds(p: BgParams, c: RepeatSummary, variant: BgVariant): number {
  const shift = variant === "mbgnbd" ? 1 : 0;
  if (c.x === 0 && shift === 0) return Number.NEGATIVE_INFINITY;
  return (
    Math.log(p.a) -
    Math.log(p.b + c.x - 1 + shift) +
    (p.r + c.x) * (Math.log(p.alpha + c.T) - Math.log(p.alpha + c.tx))
  );
}

/**
 * P(alive at T | x, tx, T). Under plain BG/NBD this is exactly 1 for x = 0: a ranking by it puts
 * every one-time buyer first; rank churn risk by expectedPurchases instead.
 */
export function pAlive(p: BgParams, c: RepeatSummary, variant: BgVariant = "bgnbd"): number {
  return logistic(-logDeadOdds(p, c, variant));
}

/** E[Y(t) | x, tx, T]: expected purchases in (T, T + t]. */
export function expectedPurchases(
  p: BgParams,
  c: RepeatSummary,
  t: number,
  variant: BgVariant = "bgnbd",
): number {
  const shift = variant === "mbgnbd" ? 1 : 0;
  const alive = expectedPurchasesAlive(p.r + c.x, p.alpha + c.T, p.a, p.b + c.x + shift, t);
  return pAlive(p, c, variant) * alive;
}

/** E[X(t)]: expected repeat purchases in (0, t] of a customer who just made the first purchase. */
export function expectedPurchasesPopulation(p: BgParams, t: number, variant: BgVariant = "bgnbd"): number {
  if (variant === "bgnbd") return expectedPurchasesAlive(p.r, p.alpha, p.a, p.b, t);
  // MBG/NBD: the customer survives the first-purchase coin with probability b/(a+b), after which
  // the drop-out probability is distributed Beta(a, b + 1).
  return (p.b / (p.a + p.b)) * expectedPurchasesAlive(p.r, p.alpha, p.a, p.b + 1, t);
}

/** P(no purchase in (T, T + t] | x, tx, T): dead, or alive and the Poisson clock did not tick. */
export function probabilityNoPurchase(
  p: BgParams,
  c: RepeatSummary,
  t: number,
  variant: BgVariant = "bgnbd",
): number {
  const alive = pAlive(p, c, variant);
  const quiet = Math.exp((p.r + c.x) * (Math.log(p.alpha + c.T) - Math.log(p.alpha + c.T + t)));
  return 1 - alive + alive * quiet;
}

/**
 * Median time from T to the next purchase, given that the customer is alive. The mean,
 * (alpha + T) / (r + x - 1), is infinite for most one-time buyers (r < 1); the median is finite
 * for everyone and is what "expected date of next order" means on the profile.
 */
export function medianTimeToNextPurchase(p: BgParams, c: RepeatSummary): number {
  return (p.alpha + c.T) * Math.expm1(Math.LN2 / (p.r + c.x));
}
