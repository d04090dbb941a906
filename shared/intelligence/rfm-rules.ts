import { type CustomerFacts, ownIntervalDays, shopMedianIntervalDays } from "./facts";

/**
 * The fallback for shops with too little data to fit a model: each customer is compared with their
 * own buying rhythm (or, for one-time buyers, the shop's typical rhythm). Explicit rules a shop
 * owner can check by hand, stored with model "rfm-rules" so nobody mistakes them for a fit.
 */
export type ChurnStatus = "active" | "at-risk" | "inactive";

export interface RulesOptions {
  /** Overdue by this many usual intervals -> at risk. */
  atRiskFactor: number;
  /** ... by this many -> inactive. */
  inactiveFactor: number;
  /** The rhythm assumed when no customer of the shop has bought twice yet. */
  defaultIntervalDays: number;
}

export const DEFAULT_RULES: RulesOptions = { atRiskFactor: 2, inactiveFactor: 4, defaultIntervalDays: 90 };

export interface RulesPrediction {
  customerId: string;
  model: "rfm-rules";
  status: ChurnStatus;
  /** days since the last order / usual interval; > 1 means the next order is late. */
  overdueFactor: number;
  expectedNextOrderDay: number;
  inputs: {
    orders: number;
    daysSinceLastOrder: number;
    intervalDays: number;
    intervalSource: "own" | "shop-median" | "default";
    atRiskFactor: number;
    inactiveFactor: number;
  };
  explanation: string;
}

export function rfmRules(
  customers: readonly CustomerFacts[],
  asOfDay: number,
  options: RulesOptions = DEFAULT_RULES,
  /** The shop's typical rhythm; pass the stored one when scoring a few customers at a time. */
  shopInterval: number | undefined = shopMedianIntervalDays(customers),
): RulesPrediction[] {
  return customers.map((c) => {
    const own = ownIntervalDays(c);
    // A same-day "repeat" has no rhythm to speak of; fall back like a one-time buyer.
    const [intervalDays, intervalSource] =
      own !== undefined && own >= 1
        ? [own, "own" as const]
        : shopInterval !== undefined
          ? [shopInterval, "shop-median" as const]
          : [options.defaultIntervalDays, "default" as const];
    const daysSinceLastOrder = Math.max(0, asOfDay - c.lastOrderDay);
    const overdueFactor = daysSinceLastOrder / intervalDays;
    const status: ChurnStatus =
      overdueFactor >= options.inactiveFactor
        ? "inactive"
        : overdueFactor >= options.atRiskFactor
          ? "at-risk"
          : "active";
    const rhythm =
      intervalSource === "own"
        ? `orders every ${intervalDays.toFixed(0)} days on average`
        : `has one order; the shop's customers reorder every ${intervalDays.toFixed(0)} days (${intervalSource})`;
    return {
      customerId: c.customerId,
      model: "rfm-rules",
      status,
      overdueFactor,
      expectedNextOrderDay: c.lastOrderDay + intervalDays,
      inputs: {
        orders: c.orders,
        daysSinceLastOrder,
        intervalDays,
        intervalSource,
        atRiskFactor: options.atRiskFactor,
        inactiveFactor: options.inactiveFactor,
      },
      explanation: `${rhythm}; last order ${daysSinceLastOrder} days ago = ${overdueFactor.toFixed(1)} intervals (at risk from ${options.atRiskFactor}, inactive from ${options.inactiveFactor})`,
    };
  });
}
