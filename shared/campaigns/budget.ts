import { durationMs } from "./duration";

/** At most `limit` counted emails per rolling `window` per customer. */
export interface BudgetRule {
  limit: number;
  window: string;
}

/** Default contact budget: 1 promotional or lifecycle email per 24 h and 3 per 7 days. */
export const DEFAULT_BUDGET: readonly BudgetRule[] = [
  { limit: 1, window: "P1D" },
  { limit: 3, window: "P7D" },
];

/**
 * When the budget allows the next counted email: undefined if it does now, else the instant the
 * oldest send that blocks it leaves its window.
 */
export function budgetFreeAt(
  sends: readonly string[],
  now: Date,
  rules: readonly BudgetRule[],
): string | undefined {
  let freeAt = 0;
  for (const rule of rules) {
    const window = durationMs(rule.window);
    const inWindow = sends
      .map((s) => Date.parse(s))
      .filter((t) => t > now.getTime() - window && t <= now.getTime())
      .sort((a, b) => a - b);
    if (inWindow.length >= rule.limit) {
      freeAt = Math.max(freeAt, (inWindow[inWindow.length - rule.limit] as number) + window);
    }
  }
  return freeAt > now.getTime() ? new Date(freeAt).toISOString() : undefined;
}

/** Keeps only the sends any rule can still see, so the list on the profile stays small. */
export function pruneSends(sends: readonly string[], now: Date, rules: readonly BudgetRule[]): string[] {
  const longest = Math.max(...rules.map((r) => durationMs(r.window)));
  return sends.filter((s) => Date.parse(s) > now.getTime() - longest).sort();
}
