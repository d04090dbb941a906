import type { CustomerFacts } from "./facts";

export type RfmSegment =
  | "champions"
  | "loyal"
  | "promising"
  | "needs attention"
  | "at risk"
  | "hibernating"
  | "lost";

export type AbcClass = "A" | "B" | "C";

export interface RfmScore {
  customerId: string;
  /** 1-5, 5 = bought most recently / most often / spent most, relative to this shop. */
  recency: number;
  frequency: number;
  monetary: number;
  segment: RfmSegment;
  abc: AbcClass;
  /** What the scores were computed from, so a segment can be explained. */
  inputs: { daysSinceLastOrder: number; orders: number; revenue: number; revenueShareRank: number };
}

/**
 * Quintile scores per shop. Ties share a score (taken from the first rank of the tie), so the
 * many customers with exactly one order all get the same frequency score instead of being spread
 * over several quintiles by an arbitrary order.
 */
export function quintileScores(values: readonly number[]): number[] {
  const n = values.length;
  const order = values.map((_, i) => i).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
  const scores = new Array<number>(n).fill(1);
  let tieStart = 0;
  for (let k = 0; k < n; k++) {
    const here = values[order[k] ?? 0] ?? 0;
    if (k > 0 && here !== (values[order[k - 1] ?? 0] ?? 0)) tieStart = k;
    scores[order[k] ?? 0] = Math.min(5, Math.floor((5 * tieStart) / n) + 1);
  }
  return scores;
}

/**
 * Named segments from the recency score and the mean of frequency and monetary scores: the usual
 * RFM grid folded into seven names. Every (R, FM) pair has exactly one segment.
 */
export function segmentOf(recency: number, frequency: number, monetary: number): RfmSegment {
  const fm = Math.round((frequency + monetary) / 2);
  if (recency >= 4) return fm >= 4 ? "champions" : fm === 3 ? "loyal" : "promising";
  if (recency === 3) return fm >= 3 ? "loyal" : "needs attention";
  if (fm >= 3) return "at risk";
  return recency === 2 ? "hibernating" : "lost";
}

/**
 * ABC by cumulative revenue share: A = the top customers who together make the first 80 % of the
 * revenue (the customer who crosses 80 % is still A), B = the next 15 %, C = the rest.
 */
export function abcClasses(revenues: readonly number[]): { abc: AbcClass[]; rank: number[] } {
  const order = revenues.map((_, i) => i).sort((i, j) => (revenues[j] ?? 0) - (revenues[i] ?? 0));
  const total = revenues.reduce((s, r) => s + Math.max(0, r), 0);
  const abc = new Array<AbcClass>(revenues.length).fill("C");
  const rank = new Array<number>(revenues.length).fill(0);
  let before = 0;
  order.forEach((i, k) => {
    const r = Math.max(0, revenues[i] ?? 0);
    rank[i] = k + 1;
    const shareBefore = total > 0 ? before / total : 1;
    abc[i] = r > 0 && shareBefore < 0.8 ? "A" : r > 0 && shareBefore < 0.95 ? "B" : "C";
    before += r;
  });
  return { abc, rank };
}

/** RFM scores, segments and ABC classes for all customers of one shop as of `asOfDay`. */
export function scoreRfm(customers: readonly CustomerFacts[], asOfDay: number): RfmScore[] {
  const since = customers.map((c) => Math.max(0, asOfDay - c.lastOrderDay));
  // Fewer days since the last order is better: score the negated value.
  const r = quintileScores(since.map((d) => -d));
  const f = quintileScores(customers.map((c) => c.orders));
  const m = quintileScores(customers.map((c) => c.revenue));
  const { abc, rank } = abcClasses(customers.map((c) => c.revenue));
  return customers.map((c, i) => {
    const recency = r[i] ?? 1;
    const frequency = f[i] ?? 1;
    const monetary = m[i] ?? 1;
    return {
      customerId: c.customerId,
      recency,
      frequency,
      monetary,
      segment: segmentOf(recency, frequency, monetary),
      abc: abc[i] ?? "C",
      inputs: {
        daysSinceLastOrder: since[i] ?? 0,
        orders: c.orders,
        revenue: c.revenue,
        revenueShareRank: rank[i] ?? 0,
      },
    };
  });
}
