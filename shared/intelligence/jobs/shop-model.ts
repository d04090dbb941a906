import type { PredictionModel } from "../../domain/insights";
import type { BgFit, BgFitResult, BgParams } from "../bgnbd";
import { type CustomerFacts, shopMedianIntervalDays } from "../facts";
import type { GammaGammaFit } from "../gamma-gamma";
import {
  type CustomerPrediction,
  fitShopModel,
  type ModelOptions,
  predictCustomers,
  type ShopModel,
} from "../model";
import { rfmRules } from "../rfm-rules";
import { storable } from "./numbers";

/**
 * A shop's fitted model as the weekly job stores it (`MODEL#<shop>` / `PARAMS`) and the daily
 * sweep reads it: enough to predict any one customer later, and to say what kind of model it is
 * and why (a rules fallback names its reason, a boundary fit the prior it was refitted with).
 */
export interface StoredShopModel {
  shop: string;
  fittedAt: string;
  /** The day (UTC day number) the model was fitted as of. */
  asOfDay: number;
  model: PredictionModel;
  /** Why the shop gets rules instead of a fit. */
  reason?: string;
  /** bgnbd / mbgnbd: the fit in use; rfm-rules: the rejected fit, when one was tried. */
  fit?: BgFitResult;
  params: BgParams | null;
  logLikelihood: number | null;
  /** Set when the plain maximum-likelihood fit ran off to a boundary and a prior was used instead. */
  boundary: { mle: string; prior: BgFit["prior"] | null } | null;
  spend?: GammaGammaFit;
  /** Median of the repeat buyers' own intervals: the rhythm assumed for one-time buyers. */
  shopIntervalDays: number;
  counts: { profiles: number; buyers: number; repeatBuyers: number };
}

/** Fits a shop and describes the result for storage. */
export function fitStoredModel(
  shop: string,
  customers: readonly CustomerFacts[],
  profiles: number,
  now: Date,
  today: number,
  options: ModelOptions,
): StoredShopModel {
  const fitted = fitShopModel(customers, today, options);
  const shopIntervalDays = shopMedianIntervalDays(customers) ?? options.rules.defaultIntervalDays;
  const counts = {
    profiles,
    buyers: customers.length,
    repeatBuyers: customers.filter((c) => c.orders > 1).length,
  };
  const base = { shop, fittedAt: now.toISOString(), asOfDay: today, shopIntervalDays, counts };
  if (fitted.model === "rfm-rules") {
    return storable({
      ...base,
      model: "rfm-rules",
      reason: fitted.reason,
      ...(fitted.fit ? { fit: fitted.fit } : {}),
      params: null,
      logLikelihood: null,
      boundary: null,
    });
  }
  return storable({
    ...base,
    model: fitted.model,
    fit: fitted.fit,
    params: fitted.fit.params,
    logLikelihood: fitted.fit.logLikelihood,
    boundary: fitted.mleBoundary ? { mle: fitted.mleBoundary, prior: fitted.fit.prior ?? null } : null,
    spend: fitted.spend,
    shopIntervalDays: fitted.shopIntervalDays,
  });
}

/** Predictions for some customers of the shop as of `today`, with the stored model (or the rules). */
export function predictWith(
  stored: StoredShopModel | undefined,
  customers: readonly CustomerFacts[],
  today: number,
  options: ModelOptions,
): CustomerPrediction[] {
  const model = stored ? shopModelOf(stored, today) : undefined;
  if (!model || model.model === "rfm-rules") {
    // The stored rhythm, not one from the few customers at hand (a sweep scores one at a time).
    return rfmRules(customers, today, options.rules, stored?.shopIntervalDays);
  }
  return predictCustomers(model, customers, options);
}

function shopModelOf(stored: StoredShopModel, today: number): ShopModel | undefined {
  if (stored.model === "rfm-rules" || !stored.fit || stored.fit.boundary || !stored.spend) return undefined;
  return {
    model: stored.model,
    asOfDay: today,
    fit: stored.fit,
    spend: stored.spend,
    shopIntervalDays: stored.shopIntervalDays,
  };
}
