/**
 * The difference of two means with a 95 % confidence interval (Welch: unequal variances, normal
 * approximation). Revenue per customer is heavily skewed, so the interval is honest only with some
 * hundreds of customers per group; the report prints the group sizes next to it.
 */
export interface GroupSummary {
  n: number;
  mean: number;
  variance: number;
}

export interface Uplift {
  treatment: GroupSummary;
  control: GroupSummary;
  /** Treatment mean minus control mean (revenue per customer). */
  difference: number;
  low: number;
  high: number;
  /** difference / control mean; null when the control group bought nothing. */
  relative: number | null;
}

const Z95 = 1.959964;

export function summarise(values: readonly number[]): GroupSummary {
  const n = values.length;
  if (n === 0) return { n, mean: 0, variance: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
  return { n, mean, variance };
}

/** undefined when either group is empty: no comparison to make. */
export function welchUplift(treatment: readonly number[], control: readonly number[]): Uplift | undefined {
  if (treatment.length === 0 || control.length === 0) return undefined;
  const t = summarise(treatment);
  const c = summarise(control);
  const difference = t.mean - c.mean;
  const se = Math.sqrt(t.variance / t.n + c.variance / c.n);
  return {
    treatment: t,
    control: c,
    difference,
    low: difference - Z95 * se,
    high: difference + Z95 * se,
    relative: c.mean > 0 ? difference / c.mean : null,
  };
}
