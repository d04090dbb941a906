import type { CustomerFacts } from "../intelligence/facts";
import { scoreRfm } from "../intelligence/rfm";
import { rfmRules } from "../intelligence/rfm-rules";
import type { ReportCustomer } from "./input";

const DAY = 86_400_000;
const dayOf = (iso: string) => Math.floor(Date.parse(iso) / DAY);

/**
 * Stages a month-end snapshot can be reconstructed in from order times alone. The churn sweep's
 * marks are not kept historically, so at-risk and inactive here follow fixed rules of thumb
 * (no order for 180 / 365 days), stated on the page.
 */
export const HISTORY_STAGES = ["prospect", "new", "repeat", "at-risk", "inactive"] as const;
export const HISTORY_RULES = { atRiskDays: 180, inactiveDays: 365 };

export interface StageMonth {
  month: string;
  counts: Record<(typeof HISTORY_STAGES)[number], number>;
}

/** Customers by stage at the end of each month, from the first order's month (at most `months`). */
export function lifecycleOverTime(
  customers: readonly ReportCustomer[],
  asOf: Date,
  months = 24,
): StageMonth[] {
  const firsts = customers.flatMap((c) => [c.orders[0]?.at, c.view.registeredAt ?? undefined]);
  const first = firsts.filter((t): t is string => t !== undefined).sort()[0];
  if (!first) return [];
  const out: StageMonth[] = [];
  let y = asOf.getUTCFullYear();
  let m = asOf.getUTCMonth();
  for (let k = 0; k < months; k++) {
    const end = new Date(Date.UTC(y, m + 1, 1) - 1);
    const label = `${y}-${String(m + 1).padStart(2, "0")}`;
    if (label < first.slice(0, 7)) break;
    const endIso = end > asOf ? asOf.toISOString() : end.toISOString();
    const counts = { prospect: 0, new: 0, repeat: 0, "at-risk": 0, inactive: 0 };
    for (const c of customers) {
      const before = c.orders.filter((o) => o.at <= endIso);
      const last = before[before.length - 1];
      if (!last) {
        if (c.view.registeredAt && c.view.registeredAt <= endIso) counts.prospect++;
        continue;
      }
      const idle = dayOf(endIso) - dayOf(last.at);
      if (idle > HISTORY_RULES.inactiveDays) counts.inactive++;
      else if (idle > HISTORY_RULES.atRiskDays) counts["at-risk"]++;
      else if (before.length === 1) counts.new++;
      else counts.repeat++;
    }
    out.unshift({ month: label, counts });
    m -= 1;
    if (m < 0) {
      m = 11;
      y -= 1;
    }
  }
  return out;
}

/** The model inputs of every buyer (revenue in the report's currency only). */
export function customerFacts(customers: readonly ReportCustomer[], currency: string): CustomerFacts[] {
  return customers.flatMap((c) => {
    const first = c.orders[0];
    const last = c.orders[c.orders.length - 1];
    if (!first || !last) return [];
    const days = new Set(c.orders.map((o) => o.at.slice(0, 10)));
    const revenue = c.orders.filter((o) => o.currency === currency).reduce((s, o) => s + o.amount, 0);
    const firstDay = c.orders.filter((o) => o.at.slice(0, 10) === first.at.slice(0, 10));
    return [
      {
        customerId: c.customerKey,
        firstOrderDay: dayOf(first.at),
        lastOrderDay: dayOf(last.at),
        orders: days.size,
        revenue,
        firstOrderValue: firstDay.reduce((s, o) => s + o.amount, 0),
      },
    ];
  });
}

export interface RfmGrid {
  /** cells[r-1][f-1]: customers with recency score r and frequency score f. */
  cells: number[][];
  /** Mean revenue per cell, for the tooltip. */
  revenue: number[][];
  segments: Record<string, number>;
}

export function rfmGrid(facts: readonly CustomerFacts[], asOf: Date): RfmGrid {
  const cells = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const revenue = Array.from({ length: 5 }, () => new Array<number>(5).fill(0));
  const segments: Record<string, number> = {};
  for (const s of scoreRfm(facts, dayOf(asOf.toISOString()))) {
    const row = cells[s.recency - 1];
    const money = revenue[s.recency - 1];
    if (row && money) {
      row[s.frequency - 1] = (row[s.frequency - 1] ?? 0) + 1;
      money[s.frequency - 1] = (money[s.frequency - 1] ?? 0) + s.inputs.revenue;
    }
    segments[s.segment] = (segments[s.segment] ?? 0) + 1;
  }
  cells.forEach((row, r) => {
    row.forEach((n, f) => {
      const money = revenue[r];
      if (money) money[f] = n > 0 ? (money[f] ?? 0) / n : 0;
    });
  });
  return { cells, revenue, segments };
}

/** The ABC (Pareto) curve: share of customers (sorted by revenue) against share of revenue, at most `points` points. */
export function abcCurve(facts: readonly CustomerFacts[], points = 100) {
  const revenues = facts.map((f) => Math.max(0, f.revenue)).sort((a, b) => b - a);
  const total = revenues.reduce((s, r) => s + r, 0);
  const n = revenues.length;
  const curve: { customers: number; revenue: number }[] = [{ customers: 0, revenue: 0 }];
  if (n === 0 || total === 0) return { curve, classes: { A: 0, B: 0, C: 0 } };
  const classes = { A: 0, B: 0, C: 0 };
  let cumulative = 0;
  const step = Math.max(1, Math.floor(n / points));
  revenues.forEach((r, i) => {
    const shareBefore = cumulative / total;
    classes[r > 0 && shareBefore < 0.8 ? "A" : r > 0 && shareBefore < 0.95 ? "B" : "C"]++;
    cumulative += r;
    if ((i + 1) % step === 0 || i === n - 1)
      curve.push({ customers: (i + 1) / n, revenue: cumulative / total });
  });
  return { curve, classes };
}

export interface ChurnDistribution {
  source: "predictions" | "rfm-rules";
  /** Ten bins of churn risk 0-10 %, ..., 90-100 % (predictions) or of overdue factor 0-0.5, ... (rules). */
  bins: { label: string; count: number }[];
  status: Record<string, number>;
}

/** From stored predictions where every buyer has a churn risk; else the rule-based overdue factor. */
export function churnDistribution(
  customers: readonly ReportCustomer[],
  facts: readonly CustomerFacts[],
  asOf: Date,
): ChurnDistribution {
  const risks = customers.flatMap((c) => (c.view.predictions?.churnRisk != null ? [c.view.predictions] : []));
  if (risks.length > 0) {
    const bins = Array.from({ length: 10 }, (_, i) => ({ label: `${i * 10}-${i * 10 + 10} %`, count: 0 }));
    const status: Record<string, number> = {};
    for (const p of risks) {
      const bin = bins[Math.min(9, Math.floor((p.churnRisk ?? 0) * 10))];
      if (bin) bin.count++;
      status[p.status] = (status[p.status] ?? 0) + 1;
    }
    return { source: "predictions", bins, status };
  }
  const bins = Array.from({ length: 10 }, (_, i) => ({
    label: i === 9 ? "4.5+" : `${(i / 2).toFixed(1)}-${((i + 1) / 2).toFixed(1)}`,
    count: 0,
  }));
  const status: Record<string, number> = {};
  for (const p of rfmRules(facts, dayOf(asOf.toISOString()))) {
    const bin = bins[Math.min(9, Math.floor(p.overdueFactor * 2))];
    if (bin) bin.count++;
    status[p.status] = (status[p.status] ?? 0) + 1;
  }
  return { source: "rfm-rules", bins, status };
}

export interface ClvSegment {
  segment: string;
  customers: number;
  meanClv: number;
  totalClv: number;
}

/** Predicted 12-month CLV by RFM segment; empty until the fit-model job has written predictions. */
export function clvBySegment(customers: readonly ReportCustomer[], currency: string): ClvSegment[] {
  const groups = new Map<string, number[]>();
  for (const c of customers) {
    const p = c.view.predictions;
    if (!p?.clv || p.clv.currency !== currency) continue;
    const key = p.segment ?? "unscored";
    groups.set(key, [...(groups.get(key) ?? []), Number(p.clv.amount)]);
  }
  return [...groups.entries()]
    .map(([segment, v]) => {
      const totalClv = v.reduce((s, x) => s + x, 0);
      return { segment, customers: v.length, meanClv: totalClv / v.length, totalClv };
    })
    .sort((a, b) => b.totalClv - a.totalClv);
}
