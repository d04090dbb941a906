import type { BgFit, BgFitResult, BgParams, BgVariant } from "./bgnbd";
import { fitBgnbdWithFallback } from "./bgnbd-fit";
import { expectedPurchases, medianTimeToNextPurchase, pAlive, probabilityNoPurchase } from "./bgnbd-predict";
import { type CustomerFacts, modelInputs, ownIntervalDays, shopMedianIntervalDays } from "./facts";
import {
  type ClvOptions,
  customerLifetimeValue,
  DEFAULT_CLV,
  expectedOrderValue,
  fitGammaGamma,
  type GammaGammaFit,
} from "./gamma-gamma";
import {
  type ChurnStatus,
  DEFAULT_RULES,
  type RulesOptions,
  type RulesPrediction,
  rfmRules,
} from "./rfm-rules";

export interface ModelOptions {
  variant: BgVariant;
  /** Below this many customers with a repeat purchase the shop gets rules, not a fit. */
  minRepeatBuyers: number;
  horizonsDays: readonly number[];
  clv: ClvOptions;
  /** Churn risk = P(no order within intervalFactor x the customer's usual interval). */
  churn: { intervalFactor: number; minDays: number; maxDays: number; atRisk: number; inactive: number };
  rules: RulesOptions;
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  variant: "bgnbd",
  minRepeatBuyers: 200,
  horizonsDays: [30, 90, 365],
  clv: DEFAULT_CLV,
  churn: { intervalFactor: 2, minDays: 14, maxDays: 365, atRisk: 0.7, inactive: 0.9 },
  rules: DEFAULT_RULES,
};

export type ShopModel =
  | {
      model: BgVariant;
      asOfDay: number;
      /** With `fit.prior` set, the maximum likelihood fit ran to a boundary (`mleBoundary` says how). */
      fit: BgFit;
      mleBoundary?: string;
      spend: GammaGammaFit;
      shopIntervalDays: number;
    }
  | { model: "rfm-rules"; asOfDay: number; reason: string; fit?: BgFitResult };

export interface ModelPrediction {
  customerId: string;
  model: BgVariant;
  status: ChurnStatus;
  /** P(no order within inputs.churnHorizonDays). */
  churnRisk: number;
  pAlive: number;
  expectedPurchases: { days: number; expected: number }[];
  /** Today + the median wait for the next order if the customer is still alive (the model's view). */
  expectedNextOrderDay: number;
  /** Last order + the usual interval (the customer's rhythm); what "next order due" events use. */
  nextOrderDueDay: number;
  expectedOrderValue?: number;
  clv?: number;
  inputs: {
    x: number;
    tx: number;
    T: number;
    meanRepeatValue: number;
    daysSinceLastOrder: number;
    intervalDays: number;
    intervalSource: "own" | "shop-median";
    churnHorizonDays: number;
    params: BgParams;
  };
  explanation: string;
}

export type CustomerPrediction = ModelPrediction | RulesPrediction;

/** Fits the shop's model as of `asOfDay` (all times in days), or says why it falls back to rules. */
export function fitShopModel(
  customers: readonly CustomerFacts[],
  asOfDay: number,
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): ShopModel {
  const inputs = customers.map((c) => modelInputs(c, asOfDay));
  const repeaters = inputs.filter((i) => i.x > 0).length;
  if (repeaters < options.minRepeatBuyers) {
    const reason = `${repeaters} customers with a repeat purchase, fewer than the ${options.minRepeatBuyers} a fit needs`;
    return { model: "rfm-rules", asOfDay, reason };
  }
  const { fit, mle } = fitBgnbdWithFallback(inputs, options.variant);
  if (fit.boundary) return { model: "rfm-rules", asOfDay, reason: `model fit rejected: ${fit.reason}`, fit };
  const spend = fitGammaGamma(inputs);
  const shopIntervalDays = shopMedianIntervalDays(customers) ?? options.rules.defaultIntervalDays;
  const mleBoundary = mle.boundary ? mle.reason : undefined;
  return {
    model: options.variant,
    asOfDay,
    fit,
    ...(mleBoundary ? { mleBoundary } : {}),
    spend,
    shopIntervalDays,
  };
}

export function predictCustomers(
  shop: ShopModel,
  customers: readonly CustomerFacts[],
  options: ModelOptions = DEFAULT_MODEL_OPTIONS,
): CustomerPrediction[] {
  if (shop.model === "rfm-rules") return rfmRules(customers, shop.asOfDay, options.rules);
  const { fit, spend, asOfDay } = shop;
  const variant = shop.model;
  const params = fit.params;
  return customers.map((c): ModelPrediction => {
    const i = modelInputs(c, asOfDay);
    const own = ownIntervalDays(c);
    const [intervalDays, intervalSource] =
      own !== undefined && own >= 1 ? [own, "own" as const] : [shop.shopIntervalDays, "shop-median" as const];
    const { intervalFactor, minDays, maxDays } = options.churn;
    const churnHorizonDays = Math.min(maxDays, Math.max(minDays, intervalFactor * intervalDays));
    const churnRisk = probabilityNoPurchase(params, i, churnHorizonDays, variant);
    const alive = pAlive(params, i, variant);
    const status: ChurnStatus =
      churnRisk >= options.churn.inactive
        ? "inactive"
        : churnRisk >= options.churn.atRisk
          ? "at-risk"
          : "active";
    const value = spend.usable ? expectedOrderValue(spend.params, i) : undefined;
    const clv = spend.usable
      ? customerLifetimeValue(params, spend.params, i, options.clv, variant)
      : undefined;
    const daysSinceLastOrder = asOfDay - c.lastOrderDay;
    return {
      customerId: c.customerId,
      model: variant,
      status,
      churnRisk,
      pAlive: alive,
      expectedPurchases: options.horizonsDays.map((days) => ({
        days,
        expected: expectedPurchases(params, i, days, variant),
      })),
      expectedNextOrderDay: asOfDay + medianTimeToNextPurchase(params, i),
      nextOrderDueDay: c.lastOrderDay + intervalDays,
      ...(value === undefined ? {} : { expectedOrderValue: value }),
      ...(clv === undefined ? {} : { clv }),
      inputs: {
        x: i.x,
        tx: i.tx,
        T: i.T,
        meanRepeatValue: i.m,
        daysSinceLastOrder,
        intervalDays,
        intervalSource,
        churnHorizonDays,
        params,
      },
      explanation:
        `${i.x} repeat orders in ${i.T.toFixed(0)} days, last one ${daysSinceLastOrder} days ago; ` +
        `P(alive) ${alive.toFixed(2)}; P(no order in the next ${churnHorizonDays.toFixed(0)} days = ` +
        `${intervalFactor} x usual interval of ${intervalDays.toFixed(0)} days, ${intervalSource}) ${churnRisk.toFixed(2)}`,
    };
  });
}
