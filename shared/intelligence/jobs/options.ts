import { z } from "zod";
import { DEFAULT_MODEL_OPTIONS } from "../model";
import type { SweepOptions } from "./sweep-decision";

const d = DEFAULT_MODEL_OPTIONS;
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const share = (fallback: number) => z.coerce.number().gt(0).lt(1).default(fallback);

/**
 * The model jobs' settings, each an optional environment variable with the default of
 * shared/intelligence/model.ts (both jobs read the same, so the sweep judges by the fit's rules).
 */
export const ModelEnv = z.object({
  MODEL_VARIANT: z.enum(["bgnbd", "mbgnbd"]).default(d.variant),
  /** Below this many customers with a repeat purchase a shop gets the rules (`rfm-rules`). */
  MODEL_MIN_REPEAT_BUYERS: z.coerce.number().int().min(1).default(d.minRepeatBuyers),
  /** Share of revenue that is profit, for the CLV (1: revenue CLV). */
  CLV_MARGIN: z.coerce.number().gt(0).max(1).default(d.clv.margin),
  /** Churn risk = P(no order within CHURN_INTERVAL_FACTOR x the usual interval); at-risk / inactive thresholds. */
  CHURN_INTERVAL_FACTOR: positive(d.churn.intervalFactor),
  CHURN_AT_RISK: share(d.churn.atRisk),
  CHURN_INACTIVE: share(d.churn.inactive),
  /** Overdue by this many usual intervals: at-risk / inactive, whatever the model says. */
  OVERDUE_AT_RISK_FACTOR: positive(d.rules.atRiskFactor),
  OVERDUE_INACTIVE_FACTOR: positive(d.rules.inactiveFactor),
  SWEEP_MAX_RECHECK_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** `customer.next-order-due` this many days before the due date (the replenishment reminder's lead). */
  NEXT_ORDER_DUE_LEAD_DAYS: z.coerce.number().int().min(0).max(60).default(3),
  /**
   * At risk this many days without an order: inactive. 44 = the reactivation's second attempt 30
   * days after the first, plus two weeks for it to work (shared/campaigns/playbook/reactivation.ts).
   */
  INACTIVE_AFTER_AT_RISK_DAYS: z.coerce.number().int().min(1).max(365).default(44),
});
export type ModelEnv = z.infer<typeof ModelEnv>;

export function sweepOptionsOf(env: ModelEnv): SweepOptions {
  return {
    ...d,
    variant: env.MODEL_VARIANT,
    minRepeatBuyers: env.MODEL_MIN_REPEAT_BUYERS,
    clv: { ...d.clv, margin: env.CLV_MARGIN },
    churn: {
      ...d.churn,
      intervalFactor: env.CHURN_INTERVAL_FACTOR,
      atRisk: env.CHURN_AT_RISK,
      inactive: env.CHURN_INACTIVE,
    },
    rules: {
      ...d.rules,
      atRiskFactor: env.OVERDUE_AT_RISK_FACTOR,
      inactiveFactor: env.OVERDUE_INACTIVE_FACTOR,
    },
    maxRecheckDays: env.SWEEP_MAX_RECHECK_DAYS,
    dueLeadDays: env.NEXT_ORDER_DUE_LEAD_DAYS,
    inactiveAfterAtRiskDays: env.INACTIVE_AFTER_AT_RISK_DAYS,
  };
}

export const DEFAULT_SWEEP_OPTIONS: SweepOptions = sweepOptionsOf(ModelEnv.parse({}));
