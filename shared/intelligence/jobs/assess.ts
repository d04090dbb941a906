import type { ChurnStatus, PredictionFact } from "../../domain/insights";
import { formatDay } from "../days";
import type { CustomerPrediction, ModelOptions } from "../model";
import type { ModelCustomer } from "./customer-facts";
import { round4, storable } from "./numbers";

export type Assessment = Omit<PredictionFact, "s" | "at" | "by">;

const RANK: Record<ChurnStatus, number> = { active: 0, "at-risk": 1, inactive: 2 };
export const worse = (a: ChurnStatus, b: ChurnStatus): ChurnStatus => (RANK[a] >= RANK[b] ? a : b);

/** Status by the customer's own rhythm alone: overdue by so many usual intervals. */
export function overdueStatus(overdueFactor: number, options: ModelOptions): ChurnStatus {
  const { atRiskFactor, inactiveFactor } = options.rules;
  return overdueFactor >= inactiveFactor ? "inactive" : overdueFactor >= atRiskFactor ? "at-risk" : "active";
}

export const isoDay = (day: number) => `${formatDay(day)}T00:00:00.000Z`;

/**
 * One customer's prediction as stored on the profile. The status is the worse of the model's
 * (churn risk over the threshold) and the rhythm's (the next order overdue by a factor): BG/NBD
 * alone never gives up on a one-time buyer (P(alive) = 1), the rhythm alone ignores how regular
 * a customer was.
 */
export function assess(
  prediction: CustomerPrediction,
  customer: ModelCustomer,
  today: number,
  options: ModelOptions,
): Assessment {
  const intervalDays = prediction.inputs.intervalDays;
  const daysSinceLastOrder = Math.max(0, today - customer.facts.lastOrderDay);
  const overdueFactor = daysSinceLastOrder / intervalDays;
  const status = worse(prediction.status, overdueStatus(overdueFactor, options));
  const rhythm = `next order due ${formatDay(customer.facts.lastOrderDay + intervalDays)}, overdue by ${overdueFactor.toFixed(1)} intervals (at risk from ${options.rules.atRiskFactor}, inactive from ${options.rules.inactiveFactor})`;
  const money = (amount: number | undefined) =>
    amount === undefined || !Number.isFinite(amount)
      ? null
      : { amount: amount.toFixed(2), currency: customer.currency };
  const common = {
    status,
    overdueFactor: round4(overdueFactor),
    nextOrderDueAt: isoDay(customer.facts.lastOrderDay + intervalDays),
    expectedNextOrderAt: isoDay(prediction.expectedNextOrderDay),
  };
  if (prediction.model === "rfm-rules") {
    return storable({
      ...common,
      model: "rfm-rules",
      churnRisk: null,
      pAlive: null,
      expectedPurchases: null,
      clv: null,
      expectedOrderValue: null,
      inputs: { ...prediction.inputs, lastOrderAt: customer.lastOrderAt },
      explanation: prediction.explanation,
    });
  }
  const { atRisk, inactive } = options.churn;
  return storable({
    ...common,
    model: prediction.model,
    churnRisk: round4(prediction.churnRisk),
    pAlive: round4(prediction.pAlive),
    expectedPurchases: Object.fromEntries(
      prediction.expectedPurchases.map((e) => [String(e.days), round4(e.expected)]),
    ),
    clv: money(prediction.clv),
    expectedOrderValue: money(prediction.expectedOrderValue),
    inputs: {
      ...prediction.inputs,
      lastOrderAt: customer.lastOrderAt,
      riskThresholds: { atRisk, inactive },
      atRiskFactor: options.rules.atRiskFactor,
      inactiveFactor: options.rules.inactiveFactor,
    },
    explanation: `${prediction.explanation} (at risk from ${atRisk}, inactive from ${inactive}); ${rhythm}`,
  });
}
