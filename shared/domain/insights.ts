import type { Money } from "../events/primitives";
import type { ChurnMark } from "./lifecycle";
import { type FactValue, factNames } from "./profile";

/**
 * What the model jobs (fit-model weekly, churn-sweep daily) conclude about a customer, stored on
 * the profile as `p:` facts (last writer wins by stamp `<evaluated at>|<job>`), so the admin API
 * can show it with its reasons and campaign conditions can read it (`profile.predictions.segment`).
 * Numbers are model estimates (floats, rounded); amounts are decimal strings like all money here.
 */

export type PredictionModel = "bgnbd" | "mbgnbd" | "rfm-rules";
export type ChurnStatus = "active" | "at-risk" | "inactive";

/** `p:prediction`: the latest evaluation, by the model job or the sweep. */
export interface PredictionFact {
  s: string;
  at: string;
  by: "fit-model" | "churn-sweep";
  model: PredictionModel;
  status: ChurnStatus;
  /** P(no order within the churn horizon); null under the rules, which have no probabilities. */
  churnRisk: number | null;
  /** Days since the last order / the usual interval: > 1 means the next order is late. */
  overdueFactor: number;
  pAlive: number | null;
  /** Expected orders in the next 30, 90 and 365 days (keys are days). */
  expectedPurchases: Record<string, number> | null;
  /** The model's expected date of the next order (median wait, if still a customer). */
  expectedNextOrderAt: string | null;
  /** Last order + the usual interval: when the customer's own rhythm says the next order is due. */
  nextOrderDueAt: string;
  clv: Money | null;
  expectedOrderValue: Money | null;
  /** Everything the numbers were computed from: the answer to "why is this customer at risk". */
  inputs: Record<string, unknown>;
  explanation: string;
}

/** `p:rfm`: scores relative to the shop, recomputed by the weekly model job. */
export interface RfmFact {
  s: string;
  at: string;
  recency: number;
  frequency: number;
  monetary: number;
  segment: string;
  abc: "A" | "B" | "C";
  inputs: Record<string, unknown>;
}

/** `p:churn`: the sweep's mark; an order after `at` clears it (see lifecycle.ts). */
export interface ChurnMarkFact extends ChurnMark {
  s: string;
}

/** `p:due`: the due date a `customer.next-order-due` event was published for (published once each). */
export interface DueNoticeFact {
  s: string;
  dueAt: string;
}

export interface PredictionsView {
  model: PredictionModel;
  status: ChurnStatus;
  churnRisk: number | null;
  overdueFactor: number;
  pAlive: number | null;
  expectedPurchases: Record<string, number> | null;
  expectedNextOrderAt: string | null;
  nextOrderDueAt: string;
  clv: Money | null;
  expectedOrderValue: Money | null;
  segment: string | null;
  abc: "A" | "B" | "C" | null;
  rfm: { recency: number; frequency: number; monetary: number; inputs: Record<string, unknown> } | null;
  evaluatedAt: string;
  evaluatedBy: PredictionFact["by"];
  /** When the RFM scores were last computed (the weekly model job). */
  scoredAt: string | null;
  inputs: Record<string, unknown>;
  explanation: string;
}

export function churnMarkOf(facts: Record<string, FactValue>): ChurnMark | undefined {
  const mark = facts[factNames.churnMark] as unknown as ChurnMarkFact | undefined;
  return mark ? { stage: mark.stage, at: mark.at } : undefined;
}

export function dueNoticeOf(facts: Record<string, FactValue>): DueNoticeFact | undefined {
  return facts[factNames.nextOrderDueNotice] as unknown as DueNoticeFact | undefined;
}

/** The profile's `predictions`: the latest evaluation with the latest RFM scores, or null before any. */
export function predictionsOf(facts: Record<string, FactValue>): PredictionsView | null {
  const p = facts[factNames.prediction] as unknown as PredictionFact | undefined;
  if (!p) return null;
  const rfm = facts[factNames.rfm] as unknown as RfmFact | undefined;
  return {
    model: p.model,
    status: p.status,
    churnRisk: p.churnRisk,
    overdueFactor: p.overdueFactor,
    pAlive: p.pAlive,
    expectedPurchases: p.expectedPurchases,
    expectedNextOrderAt: p.expectedNextOrderAt,
    nextOrderDueAt: p.nextOrderDueAt,
    clv: p.clv,
    expectedOrderValue: p.expectedOrderValue,
    segment: rfm?.segment ?? null,
    abc: rfm?.abc ?? null,
    rfm: rfm
      ? { recency: rfm.recency, frequency: rfm.frequency, monetary: rfm.monetary, inputs: rfm.inputs }
      : null,
    evaluatedAt: p.at,
    evaluatedBy: p.by,
    scoredAt: rfm?.at ?? null,
    inputs: p.inputs,
    explanation: p.explanation,
  };
}
