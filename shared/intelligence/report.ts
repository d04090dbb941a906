import type { BacktestResult } from "./backtest";
import { formatDay } from "./days";
import type { CustomerPrediction } from "./model";

// Plain-text renderings of predictions and backtests, shared by the CLI and anything that exports.

export function predictionCsvHeader(horizonDays: number): string {
  return `customer_id,model,status,p_alive,expected_purchases_${horizonDays}d,churn_risk,expected_next_order_date,next_order_due_date,expected_order_value,clv_12m`;
}

/** One CSV line. Rule-based rows leave the model-only columns empty rather than inventing numbers. */
export function predictionCsvRow(p: CustomerPrediction): string {
  const cell = (v: number | undefined, digits: number) => (v === undefined ? "" : v.toFixed(digits));
  const id = /[",\n]/.test(p.customerId) ? `"${p.customerId.replaceAll('"', '""')}"` : p.customerId;
  if (p.model === "rfm-rules") {
    return [id, p.model, p.status, "", "", "", "", formatDay(p.expectedNextOrderDay), "", ""].join(",");
  }
  return [
    id,
    p.model,
    p.status,
    cell(p.pAlive, 4),
    cell(p.expectedPurchases[0]?.expected, 4),
    cell(p.churnRisk, 4),
    formatDay(p.expectedNextOrderDay),
    formatDay(p.nextOrderDueDay),
    cell(p.expectedOrderValue, 2),
    cell(p.clv, 2),
  ].join(",");
}

export function backtestReport(r: BacktestResult): string[] {
  const lines = [
    `holdout: ${r.holdoutLength} days; ${r.boughtAgain} of ${r.customers} customers bought again`,
  ];
  for (const variant of ["bgnbd", "mbgnbd"] as const) {
    const mle = r.mle[variant];
    if (mle.boundary)
      lines.push(
        `  ${variant}: maximum likelihood ran to a boundary (${mle.reason}); the forecast uses the dropout prior`,
      );
  }
  const { actual, bgnbd, mbgnbd } = r.aggregate;
  const vs = (v: number) => `${v.toFixed(0)} (${(((v - actual) / actual) * 100).toFixed(1)} %)`;
  lines.push(
    `repeat purchases in the holdout: actual ${actual}, BG/NBD forecast ${vs(bgnbd)}, MBG/NBD ${vs(mbgnbd)}`,
  );
  lines.push('AUC for "bought again in the holdout" (0.5 = chance):');
  const width = Math.max(...r.auc.map((a) => a.ranking.length));
  for (const row of r.auc) lines.push(`  ${row.ranking.padEnd(width)}  ${row.auc.toFixed(3)}`);
  return lines;
}
