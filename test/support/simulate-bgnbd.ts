import type { BgParams, BgVariant } from "../../shared/intelligence/bgnbd";
import type { RepeatSummary } from "../../shared/intelligence/summary";

// Simulates customers from the BG/NBD story itself (not from its likelihood), so a fit that
// recovers the parameters checks the likelihood, the optimiser and the grouping together.

/** Mulberry32: small, fast, seedable; plenty for simulation tests. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function standardNormal(rand: () => number): number {
  const u = 1 - rand();
  const v = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, rate) by Marsaglia & Tsang, with the usual boost for shape < 1. */
export function sampleGamma(rand: () => number, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(rand, shape + 1, rate) * (1 - rand()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = standardNormal(rand);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rand();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

export function sampleBeta(rand: () => number, a: number, b: number): number {
  const x = sampleGamma(rand, a, 1);
  const y = sampleGamma(rand, b, 1);
  return x / (x + y);
}

export interface SimulationOptions {
  customers: number;
  seed: number;
  /** Observation length of each customer (time since the first purchase). */
  observedFor: (rand: () => number) => number;
  variant?: BgVariant;
  /** Count purchases on whole days only, as real shop data does (several a day count once). */
  wholeDays?: boolean;
}

export function simulateBgnbd(params: BgParams, options: SimulationOptions): RepeatSummary[] {
  const rand = seededRandom(options.seed);
  const out: RepeatSummary[] = [];
  for (let i = 0; i < options.customers; i++) {
    const lambda = sampleGamma(rand, params.r, params.alpha);
    const p = sampleBeta(rand, params.a, params.b);
    const T = options.wholeDays ? Math.round(options.observedFor(rand)) : options.observedFor(rand);
    let t = 0;
    let x = 0;
    let tx = 0;
    // MBG/NBD customers may leave right after the first purchase.
    let alive = options.variant !== "mbgnbd" || rand() >= p;
    while (alive) {
      t += -Math.log(1 - rand()) / lambda;
      if (t > T) break;
      const at = options.wholeDays ? Math.floor(t) : t;
      if (at > tx) {
        x++;
        tx = at;
      }
      alive = rand() >= p;
    }
    out.push({ x, tx, T });
  }
  return out;
}
