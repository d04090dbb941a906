/**
 * What the BG/NBD family needs of one customer (Fader, Hardie & Lee 2005):
 * x  = repeat purchases (purchase days after the first one),
 * tx = time from the first to the last purchase,
 * T  = time from the first purchase to the end of the observation period.
 * The models do not care about the time unit as long as it is the same for all three; the
 * product uses days everywhere (see README of this folder), the CDNOW known answers use weeks.
 */
export interface RepeatSummary {
  x: number;
  tx: number;
  T: number;
}

/**
 * Customers collapsed to distinct (x, tx, T) triples with counts, and each coordinate replaced by
 * an index into its distinct values. A shop's customers share few distinct day counts, so the
 * likelihood's logs and gammas are evaluated per distinct value, not per customer: this is what
 * makes a million-customer fit take seconds.
 */
export interface GroupedSummaries {
  size: number;
  customers: number;
  count: Float64Array;
  xIndex: Uint32Array;
  txIndex: Uint32Array;
  tIndex: Uint32Array;
  xValues: Float64Array;
  txValues: Float64Array;
  tValues: Float64Array;
}

export function validateSummary(s: RepeatSummary): void {
  if (!Number.isInteger(s.x) || s.x < 0) throw new RangeError(`x must be a non-negative integer, got ${s.x}`);
  if (!(s.T >= 0) || !Number.isFinite(s.T)) throw new RangeError(`T must be finite and >= 0, got ${s.T}`);
  if (!(s.tx >= 0) || s.tx > s.T) throw new RangeError(`tx must be within [0, T], got tx=${s.tx}, T=${s.T}`);
  if (s.x > 0 && s.tx === 0) throw new RangeError("tx must be > 0 when x > 0 (repeat purchases take time)");
}

/** A summary standing for `count` identical customers. */
export interface WeightedSummary extends RepeatSummary {
  count?: number;
}

export function groupSummaries(rows: Iterable<WeightedSummary>): GroupedSummaries {
  const xs = new Interner();
  const txs = new Interner();
  const ts = new Interner();
  // Pass 1: each coordinate to the index of its distinct value.
  const ai: number[] = [];
  const bi: number[] = [];
  const ci: number[] = [];
  const wi: number[] = [];
  for (const row of rows) {
    validateSummary(row);
    ai.push(xs.index(row.x));
    bi.push(txs.index(row.tx));
    ci.push(ts.index(row.T));
    wi.push(row.count ?? 1);
  }
  // Pass 2: group the index triples. A small-integer key is several times faster in a Map than
  // a string or a large double; the string is only for absurdly many distinct values.
  const nb = txs.values.length;
  const nc = ts.values.length;
  const small = xs.values.length * nb * nc < 2 ** 30;
  const groups = new Map<number | string, number>();
  const counts: number[] = [];
  const xi: number[] = [];
  const txi: number[] = [];
  const ti: number[] = [];
  let customers = 0;
  for (let k = 0; k < ai.length; k++) {
    const a = ai[k]!;
    const b = bi[k]!;
    const c = ci[k]!;
    const weight = wi[k]!;
    customers += weight;
    const key = small ? (a * nb + b) * nc + c : `${a},${b},${c}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, counts.length);
      counts.push(weight);
      xi.push(a);
      txi.push(b);
      ti.push(c);
    } else {
      counts[g] = counts[g]! + weight;
    }
  }
  return {
    size: counts.length,
    customers,
    count: Float64Array.from(counts),
    xIndex: Uint32Array.from(xi),
    txIndex: Uint32Array.from(txi),
    tIndex: Uint32Array.from(ti),
    xValues: Float64Array.from(xs.values),
    txValues: Float64Array.from(txs.values),
    tValues: Float64Array.from(ts.values),
  };
}

class Interner {
  readonly values: number[] = [];
  private readonly seen = new Map<number, number>();
  index(v: number): number {
    const found = this.seen.get(v);
    if (found !== undefined) return found;
    this.seen.set(v, this.values.length);
    this.values.push(v);
    return this.values.length - 1;
  }
}

/**
 * The same customers on a coarser time grid (about `steps` distinct values of T and tx). Only for
 * a cheap first search on large shops; the final estimate is always polished on the exact data.
 */
export function coarsenGroups(g: GroupedSummaries, steps = 100): GroupedSummaries {
  let maxT = 0;
  for (const t of g.tValues) maxT = Math.max(maxT, t);
  const step = maxT / steps || 1;
  // Rounding is monotone, so tx <= T survives; a repeat buyer's tx stays above zero.
  const snap = (v: number): number => (v === 0 ? 0 : Math.max(step, Math.round(v / step) * step));
  function* rows(): Generator<WeightedSummary> {
    for (let k = 0; k < g.size; k++) {
      const x = g.xValues[g.xIndex[k]!]!;
      yield {
        x,
        tx: snap(g.txValues[g.txIndex[k]!]!),
        T: snap(g.tValues[g.tIndex[k]!]!),
        count: g.count[k]!,
      };
    }
  }
  return groupSummaries(rows());
}
