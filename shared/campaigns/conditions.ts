import { compareDecimal } from "../domain/money";
import type { Condition } from "./definition";

/** What conditions read: the trigger event and the customer's profile view, by dotted path. */
export interface ConditionContext {
  event: unknown;
  profile: unknown;
}

export function resolvePath(context: ConditionContext, path: string): unknown {
  let value: unknown = context;
  for (const part of path.split(".")) {
    // A name on a list reads it from every element ("event.data.items.category": each line's
    // category), so a condition can ask about any line of an order; an index still picks one.
    if (Array.isArray(value) && !/^\d+$/.test(part)) {
      value = value
        .flatMap((v) => (v !== null && typeof v === "object" ? [(v as Record<string, unknown>)[part]] : []))
        .flat()
        .filter((v) => v !== undefined && v !== null);
      continue;
    }
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function compare(actual: unknown, expected: string | number): number | undefined {
  const a = typeof actual === "number" ? String(actual) : actual;
  const e = String(expected);
  if (typeof a !== "string") return undefined;
  // Decimal strings and numbers compare exactly as numbers; anything else (ISO times) as strings.
  if (DECIMAL.test(a) && DECIMAL.test(e)) return compareDecimal(a, e);
  return a < e ? -1 : a > e ? 1 : 0;
}

export function matches(condition: Condition, context: ConditionContext): boolean {
  const actual = resolvePath(context, condition.path);
  switch (condition.op) {
    case "eq":
      return actual !== undefined && String(actual) === String(condition.value);
    case "neq":
      return actual === undefined || String(actual) !== String(condition.value);
    case "gt":
      return (compare(actual, condition.value) ?? 0) > 0;
    case "gte":
      return (compare(actual, condition.value) ?? -1) >= 0;
    case "lt":
      return (compare(actual, condition.value) ?? 0) < 0;
    case "lte":
      return (compare(actual, condition.value) ?? 1) <= 0;
    case "exists":
      return actual !== undefined && actual !== null;
    case "missing":
      return actual === undefined || actual === null;
    case "not-empty":
      return (Array.isArray(actual) || typeof actual === "string") && actual.length > 0;
    case "empty":
      return !((Array.isArray(actual) || typeof actual === "string") && actual.length > 0);
    case "contains":
      return (
        (Array.isArray(actual) && actual.map(String).includes(condition.value)) ||
        (typeof actual === "string" && actual.includes(condition.value))
      );
    case "in":
      // A list matches when any of its elements is in the set (an order with any line in a category).
      if (Array.isArray(actual)) return actual.some((a) => condition.value.includes(String(a)));
      return actual !== undefined && condition.value.includes(String(actual));
    case "money-gte": {
      const money = actual as { amount?: unknown; currency?: unknown } | undefined;
      if (typeof money?.amount !== "string" || typeof money.currency !== "string") return false;
      const threshold = condition.value[money.currency];
      return threshold !== undefined && compareDecimal(money.amount, threshold) >= 0;
    }
  }
}

export function allMatch(conditions: readonly Condition[], context: ConditionContext): boolean {
  return conditions.every((c) => matches(c, context));
}
