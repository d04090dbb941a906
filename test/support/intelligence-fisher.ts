import type { BgParams, BgVariant } from "../../shared/intelligence/bgnbd";
import { bgLogLikelihoodWithGradient } from "../../shared/intelligence/bgnbd-gradient";
import type { GroupedSummaries } from "../../shared/intelligence/summary";

/**
 * Standard errors of the log-parameters (log r, log alpha, log a, log b) from the observed Fisher
 * information: the inverse of minus the Hessian, taken by central differences of the analytic
 * gradient. "Recovered within sampling error" then means within a few of these.
 */
export function logParamStandardErrors(
  p: BgParams,
  g: GroupedSummaries,
  variant: BgVariant = "bgnbd",
): number[] {
  const u = [Math.log(p.r), Math.log(p.alpha), Math.log(p.a), Math.log(p.b)];
  const grad = (v: number[]) =>
    bgLogLikelihoodWithGradient(
      { r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) },
      g,
      variant,
    ).gradient;
  const h = 1e-4;
  const info = u.map((_, i) => {
    const up = u.slice();
    const down = u.slice();
    up[i]! += h;
    down[i]! -= h;
    const gu = grad(up);
    const gd = grad(down);
    return gu.map((v, j) => -(v - gd[j]!) / (2 * h));
  });
  const cov = invert(info.map((row, i) => row.map((v, j) => (v + info[j]![i]!) / 2)));
  return cov.map((row, i) => Math.sqrt(row[i]!));
}

function invert(m: number[][]): number[][] {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const d = a[col]![col]!;
    a[col] = a[col]!.map((v) => v / d);
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r]![col]!;
      a[r] = a[r]!.map((v, j) => v - f * a[col]![j]!);
    }
  }
  return a.map((row) => row.slice(n));
}
