import type { SpendSummary } from "./gamma-gamma";
import type { RepeatSummary } from "./summary";
import type { CustomerHistory } from "./transactions";

/**
 * What every model here needs to know about a customer, in the shape a profile's order-history
 * aggregates already have: no order lines, no dates beyond first and last. Days are UTC day
 * numbers (see days.ts); orders are purchase days, as the BG/NBD family counts them.
 */
export interface CustomerFacts {
  customerId: string;
  firstOrderDay: number;
  lastOrderDay: number;
  orders: number;
  revenue: number;
  /** Value of the first purchase day; the spend model learns from the repeat purchases only. */
  firstOrderValue: number;
}

export type ModelInputs = RepeatSummary & SpendSummary;

/** Facts as of the end of `endDay` (inclusive), or undefined for a customer who had not bought yet. */
export function factsFromHistory(h: CustomerHistory, endDay: number): CustomerFacts | undefined {
  let orders = 0;
  let revenue = 0;
  for (let i = 0; i < h.days.length && (h.days[i] ?? Number.POSITIVE_INFINITY) <= endDay; i++) {
    orders++;
    revenue += h.amounts[i] ?? 0;
  }
  const first = h.days[0];
  const last = h.days[orders - 1];
  if (orders === 0 || first === undefined || last === undefined) return undefined;
  return {
    customerId: h.customerId,
    firstOrderDay: first,
    lastOrderDay: last,
    orders,
    revenue,
    firstOrderValue: h.amounts[0] ?? 0,
  };
}

/** Purchase days in (fromDay, toDay]: the holdout actuals of a backtest. */
export function purchasesBetween(h: CustomerHistory, fromDay: number, toDay: number): number {
  let n = 0;
  for (const d of h.days) if (d > fromDay && d <= toDay) n++;
  return n;
}

/**
 * The model inputs at `asOfDay`, in units of `unitDays` days (1 for the product; 7 reproduces the
 * published CDNOW figures, which are in weeks).
 */
export function modelInputs(f: CustomerFacts, asOfDay: number, unitDays = 1): ModelInputs {
  const x = f.orders - 1;
  return {
    x,
    tx: (f.lastOrderDay - f.firstOrderDay) / unitDays,
    T: Math.max(asOfDay - f.firstOrderDay, f.lastOrderDay - f.firstOrderDay) / unitDays,
    m: x > 0 ? Math.max(0, f.revenue - f.firstOrderValue) / x : 0,
  };
}

/** The customer's own mean days between purchases, when there is a repeat purchase to measure it. */
export function ownIntervalDays(f: CustomerFacts): number | undefined {
  return f.orders > 1 ? (f.lastOrderDay - f.firstOrderDay) / (f.orders - 1) : undefined;
}

/** Median of the repeat buyers' own intervals: the rhythm assumed for one-time buyers. */
export function shopMedianIntervalDays(all: readonly CustomerFacts[]): number | undefined {
  const intervals = all.map(ownIntervalDays).filter((v): v is number => v !== undefined && v > 0);
  if (intervals.length === 0) return undefined;
  intervals.sort((a, b) => a - b);
  const mid = intervals.length >> 1;
  return intervals.length % 2 === 1
    ? (intervals[mid] ?? 0)
    : ((intervals[mid - 1] ?? 0) + (intervals[mid] ?? 0)) / 2;
}
