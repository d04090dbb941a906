// A small Nelder-Mead minimiser. The npm candidates are either unmaintained or pull in a
// whole numerics suite; the models here have 3-4 parameters on a log scale, where a
// derivative-free simplex with restarts is robust and fast enough.

export interface MinimizeOptions {
  /** Initial simplex edge length in each coordinate. */
  step?: number;
  maxIterations?: number;
  /** Stop when the simplex's function values differ by less than this, relative to 1 + |f|:
   * a log-likelihood grows with the number of customers and so does its rounding noise. */
  fTolerance?: number;
  /** ... and its vertices by less than this in every coordinate. */
  xTolerance?: number;
  /** Restart from the best point until a restart no longer improves by fTolerance. */
  maxRestarts?: number;
}

export interface MinimizeResult {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises f from x0 with the adaptive coefficients of Gao & Han (2012), which behave better
 * than the classic ones as the dimension grows. f may return +Infinity to reject a point (used
 * for parameter bounds); x0 itself must be finite.
 */
export function nelderMead(
  f: (x: number[]) => number,
  x0: number[],
  options: MinimizeOptions = {},
): MinimizeResult {
  const maxRestarts = options.maxRestarts ?? 4;
  const fTol = options.fTolerance ?? 1e-12;
  let best = runSimplex(f, x0, options);
  let iterations = best.iterations;
  let evaluations = best.evaluations;
  // A simplex can collapse onto a ridge and stop early; a fresh simplex at the optimum is cheap
  // insurance and is what makes the published CDNOW estimates reproducible to every digit.
  for (let i = 0; i < maxRestarts; i++) {
    const next = runSimplex(f, best.x, options);
    iterations += next.iterations;
    evaluations += next.evaluations;
    const improved = best.fx - next.fx;
    if (next.fx <= best.fx) best = next;
    if (!(improved > fTol * (1 + Math.abs(best.fx)))) break;
  }
  return { ...best, iterations, evaluations };
}

function runSimplex(f: (x: number[]) => number, x0: number[], options: MinimizeOptions): MinimizeResult {
  const n = x0.length;
  const step = options.step ?? 0.5;
  const maxIterations = options.maxIterations ?? 60 * n * n;
  const fTol = options.fTolerance ?? 1e-12;
  const xTol = options.xTolerance ?? 1e-8;
  const alpha = 1;
  const gamma = 1 + 2 / n;
  const rho = 0.75 - 1 / (2 * n);
  const sigma = Math.max(0.5, 1 - 1 / n);
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Number.POSITIVE_INFINITY : v;
  };

  const points: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = (p[i] ?? 0) + step;
    points.push(p);
  }
  let values = points.map(evaluate);
  let iterations = 0;
  let converged = false;

  const along = (from: number[], to: number[], t: number): number[] =>
    from.map((v, i) => v + t * ((to[i] ?? 0) - v));

  while (iterations < maxIterations) {
    iterations++;
    const order = values.map((_, i) => i).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
    const sorted = order.map((i) => points[i] ?? []);
    values = order.map((i) => values[i] ?? Number.POSITIVE_INFINITY);
    points.splice(0, points.length, ...sorted);

    const fBest = values[0] ?? 0;
    const fWorst = values[n] ?? 0;
    const best = points[0] ?? [];
    const spread = Math.max(...points.map((p) => Math.max(...p.map((v, i) => Math.abs(v - (best[i] ?? 0))))));
    if (Math.abs(fWorst - fBest) <= fTol * (1 + Math.abs(fBest)) && spread <= xTol) {
      converged = true;
      break;
    }

    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const p = points[k] ?? [];
      for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (p[i] ?? 0) / n;
    }
    const worst = points[n] ?? [];
    const reflected = along(centroid, worst, -alpha);
    const fr = evaluate(reflected);
    const fSecondWorst = values[n - 1] ?? 0;

    if (fr < fBest) {
      const expanded = along(centroid, worst, -gamma);
      const fe = evaluate(expanded);
      replaceWorst(fe < fr ? expanded : reflected, Math.min(fe, fr));
    } else if (fr < fSecondWorst) {
      replaceWorst(reflected, fr);
    } else {
      const outside = fr < fWorst;
      const contracted = along(centroid, outside ? reflected : worst, rho);
      const fc = evaluate(contracted);
      if (fc < (outside ? fr : fWorst)) {
        replaceWorst(contracted, fc);
      } else {
        for (let k = 1; k <= n; k++) {
          points[k] = along(best, points[k] ?? [], sigma);
          values[k] = evaluate(points[k] ?? []);
        }
      }
    }
  }

  function replaceWorst(p: number[], v: number): void {
    points[n] = p;
    values[n] = v;
  }

  // The last move may have put a new best point anywhere in the simplex.
  let bestIndex = 0;
  for (let k = 1; k <= n; k++) if ((values[k] ?? 0) < (values[bestIndex] ?? 0)) bestIndex = k;
  const fx = values[bestIndex] ?? Number.POSITIVE_INFINITY;
  return { x: points[bestIndex] ?? x0, fx, iterations, evaluations, converged };
}
