import type { PredictionFact, RfmFact } from "../../shared/domain/insights";
import { churnMarkOf } from "../../shared/domain/insights";
import { lifecycleStage } from "../../shared/domain/lifecycle";
import { type Fact, factNames } from "../../shared/domain/profile";
import { dayOf, formatDay } from "../../shared/intelligence/days";
import { assess } from "../../shared/intelligence/jobs/assess";
import { type ModelCustomer, modelCustomerOf } from "../../shared/intelligence/jobs/customer-facts";
import { storable } from "../../shared/intelligence/jobs/numbers";
import { fitStoredModel, predictWith, type StoredShopModel } from "../../shared/intelligence/jobs/shop-model";
import type { ModelOptions } from "../../shared/intelligence/model";
import { scoreRfm } from "../../shared/intelligence/rfm";
import type { InsightStore, InsightWrite } from "../../shared/persistence/insight-store";
import type { ShopModelStore } from "../../shared/persistence/shop-model-store";

export interface FitModelDeps {
  insights: InsightStore;
  models: ShopModelStore;
  options: ModelOptions;
  /** Parallel Scan segments (each one a sequential paginated reader). */
  segments?: number;
  /** Profile writes in flight. */
  concurrency?: number;
}

export interface ShopFitSummary {
  shop: string;
  model: StoredShopModel["model"];
  reason?: string;
  boundary: StoredShopModel["boundary"];
  logLikelihood: number | null;
  counts: StoredShopModel["counts"];
  profiles: Partial<Record<InsightWrite, number>>;
  /** Checks missing or on a day already past, filed under today so the next sweep sees them. */
  checksRefiled: number;
}

interface Scanned {
  customer: ModelCustomer;
  nextCheck: string | undefined;
  inactive: boolean;
}

/**
 * The weekly `fit-model` job: reads every profile once (a parallel, paginated Scan), fits each
 * shop's model as of `now` (BG/NBD or MBG/NBD with Gamma-Gamma, or the rules below the minimum
 * data), stores it with its fit statistics, and writes each buyer's RFM scores, ABC class and
 * prediction with its inputs onto the profile. Idempotent: the facts are stamped with `now`, so a
 * repeated run changes nothing and an older run never overwrites a newer evaluation.
 */
export async function fitModels(
  now: Date,
  deps: FitModelDeps,
): Promise<{ now: string; shops: ShopFitSummary[] }> {
  const today = dayOf(now);
  const todayIso = formatDay(today);
  const shops = new Map<string, { profiles: number; buyers: Scanned[] }>();
  await deps.insights.scanProfiles(deps.segments ?? 4, (page) => {
    for (const { state } of page) {
      const shop = shops.get(state.shop) ?? { profiles: 0, buyers: [] };
      shops.set(state.shop, shop);
      shop.profiles++;
      const customer = modelCustomerOf(state);
      if (!customer) continue;
      const stage = lifecycleStage(customer.facts.orders, customer.lastOrderAt, churnMarkOf(state.facts));
      shop.buyers.push({ customer, nextCheck: state.nextCheck, inactive: stage === "inactive" });
    }
  });

  const summaries: ShopFitSummary[] = [];
  for (const [shop, { profiles, buyers }] of [...shops].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const facts = buyers.map((b) => b.customer.facts);
    const model = fitStoredModel(shop, facts, profiles, now, today, deps.options);
    await deps.models.saveShopModel(model);
    const predictions = predictWith(model, facts, today, deps.options);
    const scores = scoreRfm(facts, today);
    const outcomes: ShopFitSummary["profiles"] = {};
    let checksRefiled = 0;
    const s = `${now.toISOString()}|fit-model`;
    let next = 0;
    await Promise.all(
      Array.from({ length: deps.concurrency ?? 8 }, async () => {
        while (next < buyers.length) {
          const i = next++;
          const { customer, nextCheck, inactive } = buyers[i] as Scanned;
          const prediction = predictions[i];
          const score = scores[i];
          if (!prediction || !score) continue;
          const value: PredictionFact = {
            ...assess(prediction, customer, today, deps.options),
            s,
            at: now.toISOString(),
            by: "fit-model",
          };
          const rfm: RfmFact = storable({
            s,
            at: now.toISOString(),
            recency: score.recency,
            frequency: score.frequency,
            monetary: score.monetary,
            segment: score.segment,
            abc: score.abc,
            inputs: {
              ...score.inputs,
              revenue: { amount: score.inputs.revenue.toFixed(2), currency: customer.currency },
            },
          });
          const written: Fact[] = [
            { name: factNames.prediction, value, rule: "last-writer-wins" },
            { name: factNames.rfm, value: rfm, rule: "last-writer-wins" },
          ];
          // A check lost behind the sweep (an old order delivered late, an import) is filed under today.
          const refile = !inactive && (nextCheck === undefined || nextCheck < todayIso);
          if (refile) checksRefiled++;
          const outcome = await deps.insights.writeInsights(
            shop,
            customer.customerKey,
            written,
            refile ? { nextCheck: todayIso } : {},
          );
          outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        }
      }),
    );
    summaries.push({
      shop,
      model: model.model,
      ...(model.reason ? { reason: model.reason } : {}),
      boundary: model.boundary,
      logLikelihood: model.logLikelihood,
      counts: model.counts,
      profiles: outcomes,
      checksRefiled,
    });
  }
  return { now: now.toISOString(), shops: summaries };
}
