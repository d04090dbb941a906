/**
 * Lifecycle stages. prospect / new / repeat follow from the orders; at-risk and inactive are set by
 * the churn sweep (customer intelligence) and hold until the customer orders again.
 */
export const LIFECYCLE_STAGES = ["prospect", "new", "repeat", "at-risk", "inactive"] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export interface ChurnMark {
  stage: "at-risk" | "inactive";
  /** When the sweep decided it; an order after this time clears the mark. */
  at: string;
}

export function lifecycleStage(
  orderCount: number,
  lastOrderAt: string | undefined,
  churn?: ChurnMark,
): LifecycleStage {
  if (churn && (lastOrderAt === undefined || lastOrderAt < churn.at)) return churn.stage;
  if (orderCount === 0) return "prospect";
  return orderCount === 1 ? "new" : "repeat";
}

/** A stage's distance from active: churn marks only move outwards until an order clears them. */
export function churnRank(stage: LifecycleStage | "active"): number {
  return stage === "inactive" ? 2 : stage === "at-risk" ? 1 : 0;
}

/**
 * Days after an order until the churn sweep first looks at the customer. From there the sweep
 * reschedules by the customer's own rhythm, so this only needs to be early enough: a check that
 * comes too early costs one read and is moved, a late one would flag a lapse late.
 */
export const FIRST_CHECK_DAYS = 14;

/** The day (yyyy-mm-dd, UTC) `days` after the day of the ISO time `at`. */
export function dayAfter(at: string, days: number): string {
  const d = new Date(at);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + days))
    .toISOString()
    .slice(0, 10);
}
