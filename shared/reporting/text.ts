import type { CampaignFigures } from "./campaigns";
import { HISTORY_RULES } from "./customers";
import { npsText } from "./nps";
import type { Report } from "./report";

export const fmtMoney = (v: number, currency: string) =>
  `${v.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

export function upliftText(c: CampaignFigures, currency: string): string {
  const u = c.uplift;
  if (!u) return `no comparison (${c.treatmentCustomers} mailed, ${c.controlCustomers} held out)`;
  const rel = u.relative === null ? "" : ` (${u.relative >= 0 ? "+" : ""}${(u.relative * 100).toFixed(1)} %)`;
  return `mailed ${fmtMoney(u.treatment.mean, currency)} vs control ${fmtMoney(u.control.mean, currency)} per customer: uplift ${fmtMoney(u.difference, currency)}${rel}, 95 % CI ${fmtMoney(u.low, currency)} to ${fmtMoney(u.high, currency)}`;
}

export function campaignRows(r: Report): { head: string[]; rows: string[][] } {
  return {
    head: [
      "campaign",
      "triggered",
      "sent",
      "deferred",
      "skipped (by reason)",
      "exited",
      "opened",
      "clicked",
      "orders",
      "revenue",
      "last-touch orders",
      "last-touch revenue",
    ],
    rows: r.campaigns.map((c) => [
      c.campaignId,
      String(c.triggered),
      String(c.sent),
      `${c.deferred} (${c.deferrals}x)`,
      Object.entries(c.skipped)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ") || "0",
      String(c.exited),
      String(c.opened),
      String(c.clicked),
      String(c.windowOrders),
      c.windowRevenue.toFixed(2),
      String(c.lastTouchOrders),
      c.lastTouchRevenue.toFixed(2),
    ]),
  };
}

function textTable(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/** The report's figures as plain-text tables for the terminal. */
export function renderText(r: Report): string {
  const parts: string[] = [
    `Stammkunde report${r.shop ? ` (shop ${r.shop})` : ""} as of ${r.generatedAt}: ${r.customers} customers, ${r.buyers} buyers, ${fmtMoney(r.revenue, r.currency)}`,
    "",
    "Customers by lifecycle stage (month end)",
    textTable(
      ["month", "prospect", "new", "repeat", "at-risk", "inactive"],
      r.lifecycle.map((m) => [
        m.month,
        ...(["prospect", "new", "repeat", "at-risk", "inactive"] as const).map((s) => String(m.counts[s])),
      ]),
    ),
    `Month ends use fixed rules (at risk after ${HISTORY_RULES.atRiskDays} days without an order, inactive after ${HISTORY_RULES.inactiveDays}); today, as the profiles hold it (churn model or usual interval): ${Object.entries(
      r.currentStages,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
    "",
    "RFM grid (rows recency 5..1, columns frequency 1..5)",
    textTable(
      ["", "F1", "F2", "F3", "F4", "F5"],
      [5, 4, 3, 2, 1].map((rr) => [`R${rr}`, ...(r.rfm.cells[rr - 1] ?? []).map(String)]),
    ),
    "",
    "ABC classes",
    textTable(
      ["class", "customers"],
      Object.entries(r.abc.classes).map(([k, v]) => [k, String(v)]),
    ),
    "",
    `Churn risk (${r.churn.source})`,
    textTable(
      ["bin", "customers"],
      r.churn.bins.map((b) => [b.label, String(b.count)]),
    ),
    "",
    "Predicted CLV by segment",
    r.clv.length
      ? textTable(
          ["segment", "customers", "mean CLV", "total CLV"],
          r.clv.map((s) => [s.segment, String(s.customers), s.meanClv.toFixed(2), s.totalClv.toFixed(2)]),
        )
      : "no predictions stored: run fit-model first",
    "",
    `Campaigns (attribution window ${r.attributionDays} days)`,
    textTable(campaignRows(r).head, campaignRows(r).rows),
    "",
    "Holdout",
    ...r.campaigns.map((c) => `${c.campaignId}: ${upliftText(c, r.currency)}`),
    "",
    npsText(r.nps),
  ];
  return parts.join("\n");
}
