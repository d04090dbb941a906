import { type NpsSummary, netPromoterScore } from "../domain/nps";
import type { ReportCustomer } from "./input";
import { bars, esc } from "./svg";

/**
 * The shop's Net Promoter Score as of the report's date: each customer's latest survey answer
 * (the profile keeps the last score), so a customer asked twice counts once, with their current
 * opinion. Answers after `asOf` are left out, so a report for an earlier date is reproducible
 * only as far as nobody answered again since.
 */
export function npsOfCustomers(customers: readonly ReportCustomer[], asOf: Date): NpsSummary {
  const until = asOf.toISOString();
  return netPromoterScore(
    customers.flatMap((c) =>
      c.view.survey && c.view.survey.answeredAt <= until ? [c.view.survey.lastScore] : [],
    ),
  );
}

const signed = (n: number) => `${n > 0 ? "+" : ""}${n}`;

export function npsText(n: NpsSummary): string {
  if (n.nps === null) return "Net Promoter Score: no survey answers yet";
  return (
    `Net Promoter Score: ${signed(n.nps)} (${n.responses} customers answered: ${n.promoters} promoters, ` +
    `${n.passives} passives, ${n.detractors} detractors)\n` +
    `scores 0-10: ${n.distribution.join(" ")}`
  );
}

export function npsHtml(n: NpsSummary): string {
  if (n.nps === null)
    return `<p class="empty">No survey answers yet: the satisfaction survey asks 14 days after an order.</p>`;
  const kpis =
    `<div class="kpis"><div class="kpi"><b>${esc(signed(n.nps))}</b>NPS</div>` +
    `<div class="kpi"><b>${n.responses}</b>customers answered</div>` +
    `<div class="kpi"><b>${n.promoters} / ${n.passives} / ${n.detractors}</b>promoters / passives / detractors</div></div>`;
  return `${kpis}${bars(
    n.distribution.map((value, score) => ({ label: String(score), value })),
    "#2563eb",
  )}`;
}
