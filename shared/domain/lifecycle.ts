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
