import { HISTORY_RULES, HISTORY_STAGES } from "./customers";
import { npsHtml } from "./nps";
import type { Report } from "./report";
import { bars, esc, heatmap, meansWithIntervals, shareCurve, stackedBars } from "./svg";
import { campaignRows, fmtMoney, upliftText } from "./text";

const STAGE_COLORS: Record<string, string> = {
  prospect: "#cbd5e1",
  new: "#60a5fa",
  repeat: "#16a34a",
  "at-risk": "#f59e0b",
  inactive: "#9ca3af",
};

const section = (id: string, title: string, body: string, note = "") =>
  `<section id="${id}"><h2>${esc(title)}</h2>${note ? `<p class="note">${note}</p>` : ""}${body}</section>`;

const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;

const empty = (text: string) => `<p class="empty">${esc(text)}</p>`;
const Z95 = 1.959964;

/** The whole report as one self-contained HTML page: inline CSS and SVG, no script, no network. */
export function renderHtml(r: Report): string {
  const months = r.lifecycle.map((m) => m.month);
  const lifecycle = r.lifecycle.length
    ? stackedBars(
        months,
        HISTORY_STAGES.map((s) => ({ name: s, color: STAGE_COLORS[s] ?? "#999" })),
        HISTORY_STAGES.map((s) => r.lifecycle.map((m) => m.counts[s])),
      )
    : empty("No orders or registrations yet.");
  const heat =
    r.buyers > 0
      ? heatmap(r.rfm.cells, (rr, f) => {
          const n = r.rfm.cells[rr - 1]?.[f - 1] ?? 0;
          return `R ${rr} / F ${f}: ${n} customers, mean revenue ${fmtMoney(r.rfm.revenue[rr - 1]?.[f - 1] ?? 0, r.currency)}`;
        }) +
        table(
          ["segment", "customers"],
          Object.entries(r.rfm.segments)
            .sort((a, b) => b[1] - a[1])
            .map(([s, n]) => [s, String(n)]),
        )
      : empty("No buyers yet.");
  const abc =
    r.buyers > 0
      ? shareCurve(
          r.abc.curve.map((p) => ({ x: p.customers, y: p.revenue })),
          [0.8, 0.95],
        ) +
        table(
          ["class", "customers"],
          Object.entries(r.abc.classes).map(([k, v]) => [k, String(v)]),
        )
      : empty("No buyers yet.");
  const churn =
    r.buyers > 0
      ? bars(
          r.churn.bins.map((b) => ({ label: b.label, value: b.count })),
          "#f59e0b",
        ) +
        table(
          ["status", "customers"],
          Object.entries(r.churn.status).map(([k, v]) => [k, String(v)]),
        )
      : empty("No buyers yet.");
  const clv = r.clv.length
    ? bars(
        r.clv.map((s) => ({ label: s.segment, value: Math.round(s.meanClv) })),
        "#16a34a",
      ) +
      table(
        ["segment", "customers", `mean CLV (${r.currency})`, `total CLV (${r.currency})`],
        r.clv.map((s) => [s.segment, String(s.customers), s.meanClv.toFixed(2), s.totalClv.toFixed(2)]),
      )
    : empty(
        "No predictions on the profiles yet: run `npm run cli -- job fit-model` (the fit-model job) first.",
      );
  const outcomes = r.campaigns.length
    ? stackedBars(
        r.campaigns.map((c) => c.campaignId),
        [
          { name: "sent", color: "#16a34a" },
          { name: "skipped", color: "#ef4444" },
          { name: "exited", color: "#9ca3af" },
          { name: "waiting", color: "#60a5fa" },
        ],
        [
          r.campaigns.map((c) => c.sent),
          r.campaigns.map((c) => Object.values(c.skipped).reduce((s, n) => s + n, 0)),
          r.campaigns.map((c) => c.exited),
          r.campaigns.map((c) => c.waiting),
        ],
      ) + table(campaignRows(r).head, campaignRows(r).rows)
    : empty("No campaign has triggered yet.");
  const holdout = r.campaigns
    .map((c) => {
      const u = c.uplift;
      if (!u)
        return `<h3>${esc(c.campaignId)}</h3>${empty(`No comparison yet: ${c.treatmentCustomers} mailed, ${c.controlCustomers} held out.`)}`;
      const interval = (g: typeof u.treatment) => Z95 * Math.sqrt(g.variance / Math.max(1, g.n));
      return `<h3>${esc(c.campaignId)}</h3>${meansWithIntervals([
        {
          label: `mailed (n=${u.treatment.n})`,
          mean: u.treatment.mean,
          low: u.treatment.mean - interval(u.treatment),
          high: u.treatment.mean + interval(u.treatment),
          color: "#2563eb",
        },
        {
          label: `control (n=${u.control.n})`,
          mean: u.control.mean,
          low: u.control.mean - interval(u.control),
          high: u.control.mean + interval(u.control),
          color: "#9ca3af",
        },
      ])}<p>${esc(upliftText(c, r.currency))}; last-touch attribution credits ${c.lastTouchOrders} orders, ${esc(fmtMoney(c.lastTouchRevenue, r.currency))}.</p>`;
    })
    .join("");

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stammkunde report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1100px;color:#111;padding:0 16px;font-size:14px}
h1{font-size:22px;margin:0 0 4px} h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px} h3{font-size:14px;margin:14px 0 4px}
.note,.meta{color:#555;font-size:13px;margin:4px 0 8px} .empty{color:#92400e;background:#fffbeb;padding:8px;border-radius:4px}
table{border-collapse:collapse;font-size:12px;margin:8px 0} th,td{border:1px solid #e5e7eb;padding:3px 8px;text-align:right} th:first-child,td:first-child{text-align:left}
th{background:#f9fafb} .kpis{display:flex;gap:24px;margin:12px 0} .kpi b{display:block;font-size:20px}
</style></head><body>
<h1>Stammkunde report${r.shop ? ` · shop ${esc(r.shop)}` : ""}</h1>
<p class="meta">As of ${esc(r.generatedAt)} · money in ${esc(r.currency)} (orders in other currencies are left out of sums)</p>
<div class="kpis"><div class="kpi"><b>${r.customers}</b>customers</div><div class="kpi"><b>${r.buyers}</b>buyers</div><div class="kpi"><b>${esc(fmtMoney(r.revenue, r.currency))}</b>net revenue</div></div>
${section(
  "lifecycle",
  "Customers by lifecycle stage over time",
  lifecycle,
  `Month-end snapshots reconstructed from order times: at risk after ${HISTORY_RULES.atRiskDays} days without an order, inactive after ${HISTORY_RULES.inactiveDays}. Today, as the profiles hold it (from the churn model or each customer's usual interval between orders, so its at-risk and inactive counts can differ from the last month's fixed-rule column): ${esc(
    Object.entries(r.currentStages)
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
  )}.`,
)}
${section("rfm", "RFM grid", heat, "Quintile scores within this shop; hover a cell for its mean revenue.")}
${section("abc", "ABC curve", abc, "Cumulative share of revenue by customers sorted by revenue: A = the first 80 %, B = the next 15 %, C = the rest.")}
${section("churn", "Churn-risk distribution", churn, r.churn.source === "predictions" ? "P(no order within twice the usual interval), from the stored model predictions." : "No model predictions stored: rule-based, days since the last order divided by the customer's usual interval (at risk from 2, inactive from 4).")}
${section("clv", "Predicted 12-month CLV by segment", clv)}
${section("campaigns", "Campaigns", outcomes, `Orders within ${r.attributionDays} days after a send; opened / clicked: the customer opened or clicked a message after this send.`)}
${section("holdout", "Holdout: revenue per customer, mailed vs control", holdout || empty("No campaign has triggered yet."), `Revenue within ${r.attributionDays} days after the decision, per customer, with 95 % intervals (Welch, normal approximation).`)}
${section("nps", "Net Promoter Score", npsHtml(r.nps), "Each customer's latest answer to “would you recommend us?” (0-10): % promoters (9-10) minus % detractors (0-6); the bars count answers per score.")}
</body></html>
`;
}
