import type { NpsSummary } from "../domain/nps";
import type { ProfileState } from "../domain/profile";
import type { JourneyInstance } from "../persistence/journey-store";
import { type CampaignFigures, campaignFigures, DEFAULT_ATTRIBUTION_DAYS } from "./campaigns";
import {
  abcCurve,
  type ChurnDistribution,
  type ClvSegment,
  churnDistribution,
  clvBySegment,
  customerFacts,
  lifecycleOverTime,
  type RfmGrid,
  rfmGrid,
  type StageMonth,
} from "./customers";
import { mainCurrency, reportCustomer } from "./input";
import { npsOfCustomers } from "./nps";

/** Everything the HTML page and the terminal tables show: computed once, rendered twice. */
export interface Report {
  generatedAt: string;
  shop: string | null;
  currency: string;
  customers: number;
  buyers: number;
  revenue: number;
  lifecycle: StageMonth[];
  currentStages: Record<string, number>;
  rfm: RfmGrid;
  abc: ReturnType<typeof abcCurve>;
  churn: ChurnDistribution;
  clv: ClvSegment[];
  attributionDays: number;
  campaigns: CampaignFigures[];
  /** The shop's NPS from each customer's latest survey answer. */
  nps: NpsSummary;
}

export interface ReportOptions {
  asOf: Date;
  shop?: string;
  attributionDays?: number;
}

/** Builds the report from the profiles' states and the journey instances (pure). */
export function buildReport(
  states: readonly ProfileState[],
  instances: readonly JourneyInstance[],
  options: ReportOptions,
): Report {
  const shop = options.shop;
  // As of `asOf` in every section: orders and journeys after it are left out, so a report for an
  // earlier date shows that date (the stored model predictions are the latest fit's).
  const until = options.asOf.toISOString();
  const customers = states
    .filter((s) => shop === undefined || s.shop === shop)
    .map(reportCustomer)
    .map((c) => ({ ...c, orders: c.orders.filter((o) => Date.parse(o.at) <= options.asOf.getTime()) }));
  const currency = mainCurrency(customers);
  const facts = customerFacts(customers, currency);
  const currentStages: Record<string, number> = {};
  for (const c of customers)
    currentStages[c.view.lifecycleStage] = (currentStages[c.view.lifecycleStage] ?? 0) + 1;
  const attributionDays = options.attributionDays ?? DEFAULT_ATTRIBUTION_DAYS;
  return {
    generatedAt: options.asOf.toISOString(),
    shop: shop ?? null,
    currency,
    customers: customers.length,
    buyers: facts.length,
    revenue: facts.reduce((s, f) => s + f.revenue, 0),
    lifecycle: lifecycleOverTime(customers, options.asOf),
    currentStages,
    rfm: rfmGrid(facts, options.asOf),
    abc: abcCurve(facts),
    churn: churnDistribution(customers, facts, options.asOf),
    clv: clvBySegment(customers, currency),
    attributionDays,
    campaigns: campaignFigures(
      instances.filter((i) => (shop === undefined || i.shop === shop) && i.triggeredAt <= until),
      customers,
      currency,
      attributionDays,
    ),
    nps: npsOfCustomers(customers, options.asOf),
  };
}
