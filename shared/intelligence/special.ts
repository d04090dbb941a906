import betaln from "@stdlib/math-base-special-betaln";
import gammaln from "@stdlib/math-base-special-gammaln";

// Special functions come from stdlib (well tested, accurate over the whole range); only the
// pieces stdlib does not ship (a stable form of the BG/NBD hypergeometric term) live here.
export { betaln, gammaln };

/** log(exp(x) + exp(y)) without overflow; either argument may be -Infinity. */
export function logAddExp(x: number, y: number): number {
  if (x === Number.NEGATIVE_INFINITY) return y;
  if (y === Number.NEGATIVE_INFINITY) return x;
  const hi = Math.max(x, y);
  return hi + Math.log1p(Math.exp(-Math.abs(x - y)));
}

/** The logistic function 1 / (1 + exp(-x)), accurate in both tails. */
export function logistic(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const MAX_TERMS = 500_000;

/**
 * E[(1 - exp(-lambda * p * t)) / p] for lambda ~ Gamma(shape s, rate beta) and p ~ Beta(a, b):
 * the expected number of purchases in (0, t] of a customer who is alive at 0 and may drop out
 * after each purchase. Every BG/NBD and MBG/NBD expectation is this with posterior parameters.
 *
 * The textbook closed form is (a+b-1)/(a-1) * [1 - (beta/(beta+t))^s * 2F1(s, b; a+b-1; z)],
 * z = t/(beta+t). Evaluated as written it cancels catastrophically near a = 1, overflows its
 * intermediate terms for heavy buyers (s in the hundreds) and divides by ~0 when a+b is near 1.
 * Euler's transformation 2F1(A,B;C;z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z), with 1-z = beta/(beta+t),
 * turns the bracket into 1 - (1-z)^eps * 2F1(C-s, eps; C; z) with eps = a-1 and C = a+b-1; pulling
 * the first series term out as an expm1 and folding C into the remaining terms leaves a sum whose
 * terms never blow up, for any a, b > 0.
 */
export function expectedPurchasesAlive(s: number, beta: number, a: number, b: number, t: number): number {
  if (!(t > 0)) return 0;
  const c = a + b - 1;
  const eps = a - 1;
  const logOneMinusZ = Math.log(beta) - Math.log(beta + t);
  const z = t / (beta + t);
  // (1 - (1-z)^eps) / eps, which tends to -log(1-z) as eps -> 0.
  const head = eps === 0 ? -logOneMinusZ : -Math.expm1(eps * logOneMinusZ) / eps;
  // v_n = C * (C-s)_n (1+eps)_(n-1) / ((C)_n n!) z^n = (C-s)_n (1+eps)_(n-1) / ((C+1)_(n-1) n!) z^n
  let term = (c - s) * z;
  let sum = term;
  // Before n passes |C-s| a factor (C-s+n) can be ~0 and fake convergence; only stop after it.
  const settled = Math.abs(c - s) + Math.abs(eps) + 2;
  for (let n = 1; n < MAX_TERMS; n++) {
    term *= (((c - s + n) * (eps + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (n > settled && Math.abs(term) <= 1e-16 * Math.abs(sum)) break;
  }
  const value = c * head - Math.exp(eps * logOneMinusZ) * sum;
  // Never negative in exact arithmetic; clamp rounding noise for customers with ~0 expectation.
  return Math.max(value, 0);
}

/** Digamma (d/dx log Gamma), x > 0: recurrence up to x >= 10, then the asymptotic series (error < 1e-12). */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return shift + Math.log(x) - 0.5 / x - series;
}
