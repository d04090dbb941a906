// BFGS with a backtracking (Armijo) line search, for smooth objectives with an analytic gradient.
// Used to polish a Nelder-Mead estimate on large data, where each evaluation is expensive.

export interface ValueAndGradient {
  value: number;
  gradient: readonly number[];
}

export interface BfgsResult {
  x: number[];
  fx: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises f. Converged when every gradient component is below gradientTolerance * (1 + |f|):
 * relative, because a log-likelihood and its gradient grow with the number of customers. f may
 * return an infinite value to reject a point (bounds); the line search then steps back.
 */
export function bfgs(
  f: (x: number[]) => ValueAndGradient,
  x0: number[],
  options: { maxIterations?: number; gradientTolerance?: number } = {},
): BfgsResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 200;
  const tol = options.gradientTolerance ?? 1e-10;
  let x = x0.slice();
  let current = f(x);
  let evaluations = 1;
  // Inverse Hessian estimate, started as the identity (parameters are on a log scale).
  let h: number[][] = identity(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    const g = current.gradient;
    if (Math.max(...g.map(Math.abs)) <= tol * (1 + Math.abs(current.value))) {
      converged = true;
      break;
    }
    iterations++;
    let dir = h.map((row) => -dot(row, g));
    if (iterations === 1) {
      // The gradient of a big log-likelihood is huge; a first step of at most 0.5 on the log
      // scale avoids dozens of halvings before the curvature is known.
      const size = Math.max(...dir.map(Math.abs));
      if (size > 0.5) dir = dir.map((v) => (v * 0.5) / size);
    }
    let slope = dot(dir, g);
    if (!(slope < 0)) {
      // Not a descent direction (curvature estimate went bad): restart from steepest descent.
      h = identity(n);
      dir = g.map((v) => -v);
      slope = dot(dir, g);
    }
    let step = 1;
    let next: ValueAndGradient | undefined;
    let xNext = x;
    for (let k = 0; k < 60; k++) {
      xNext = x.map((v, i) => v + step * (dir[i] ?? 0));
      const trial = f(xNext);
      evaluations++;
      if (Number.isFinite(trial.value) && trial.value <= current.value + 1e-4 * step * slope) {
        next = trial;
        break;
      }
      step /= 2;
    }
    if (next === undefined) break;
    const s = xNext.map((v, i) => v - (x[i] ?? 0));
    const y = next.gradient.map((v, i) => v - (g[i] ?? 0));
    const sy = dot(s, y);
    const improvement = current.value - next.value;
    x = xNext;
    current = next;
    if (sy > 1e-12) {
      // Scale the starting identity to the observed curvature (Nocedal & Wright, eq. 6.20).
      if (iterations === 1) h = identity(n).map((row) => row.map((v) => (v * sy) / dot(y, y)));
      h = bfgsUpdate(h, s, y, sy);
    }
    if (improvement <= 1e-15 * (1 + Math.abs(current.value))) {
      converged = Math.max(...current.gradient.map(Math.abs)) <= 1e3 * tol * (1 + Math.abs(current.value));
      break;
    }
  }
  return { x, fx: current.value, iterations, evaluations, converged };
}

function bfgsUpdate(h: number[][], s: number[], y: number[], sy: number): number[][] {
  const n = s.length;
  const hy = h.map((row) => dot(row, y));
  const yhy = dot(y, hy);
  const out = identity(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const hij = h[i]?.[j] ?? 0;
      const si = s[i] ?? 0;
      const sj = s[j] ?? 0;
      (out[i] as number[])[j] =
        hij + ((sy + yhy) * si * sj) / (sy * sy) - ((hy[i] ?? 0) * sj + si * (hy[j] ?? 0)) / sy;
    }
  }
  return out;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] ?? 0) * (b[i] ?? 0);
  return s;
}
