import { auc } from "./auc";
import type { BgFitResult } from "./bgnbd";
import { fitBgnbdWithFallback } from "./bgnbd-fit";
import { expectedPurchases, pAlive, probabilityNoPurchase } from "./bgnbd-predict";
import {
  type CustomerFacts,
  factsFromHistory,
  type ModelInputs,
  modelInputs,
  purchasesBetween,
} from "./facts";
import { fitGammaGamma, type GammaGammaFit } from "./gamma-gamma";
import { rfmRules } from "./rfm-rules";
import { groupSummaries } from "./summary";
import type { CustomerHistory } from "./transactions";

// A shop checks the model on its own history before trusting it: fit on the calibration period,
// forecast the holdout, and compare the ranking with the rules a shop would otherwise use.

export interface BacktestOptions {
  calibrationEndDay: number;
  holdoutEndDay: number;
  /** Model time unit in days: 1 for the product, 7 to compare with the published weekly CDNOW fits. */
  unitDays?: number;
  /** The "no order for N days" rule the model is compared with. */
  ruleDays?: number;
}

export interface BacktestCustomer {
  facts: CustomerFacts;
  inputs: ModelInputs;
  holdoutPurchases: number;
  daysSinceLastOrder: number;
  bgnbd: { pAlive: number; expected: number; pAny: number };
  mbgnbd: { pAlive: number; expected: number; pAny: number };
  /** The small-shop fallback's view: days since the last order in units of the usual interval. */
  rulesOverdueFactor: number;
}

export interface AucRow {
  ranking: string;
  auc: number;
}

export interface BacktestResult {
  customers: number;
  repeatBuyers: number;
  holdoutLength: number;
  boughtAgain: number;
  /** The fits the forecasts use: maximum likelihood, or with the dropout prior when that ran to a
   * boundary (then `mle` holds the rejected boundary estimate). */
  fits: { bgnbd: BgFitResult; mbgnbd: BgFitResult; spend: GammaGammaFit };
  mle: { bgnbd: BgFitResult; mbgnbd: BgFitResult };
  fitMs: { bgnbd: number; mbgnbd: number; spend: number };
  /** Repeat purchases in the holdout: what happened and what each model forecast. */
  aggregate: { actual: number; bgnbd: number; mbgnbd: number };
  auc: AucRow[];
  rows: BacktestCustomer[];
}

export function runBacktest(histories: readonly CustomerHistory[], options: BacktestOptions): BacktestResult {
  const { calibrationEndDay: calEnd, holdoutEndDay: holdEnd } = options;
  const unit = options.unitDays ?? 1;
  const ruleDays = options.ruleDays ?? 90;
  if (!(holdEnd > calEnd)) throw new RangeError("the holdout must end after the calibration period");
  const holdoutLength = (holdEnd - calEnd) / unit;
  const base = histories.flatMap((h) => {
    const facts = factsFromHistory(h, calEnd);
    return facts === undefined ? [] : [{ facts, inputs: modelInputs(facts, calEnd, unit), h }];
  });
  const grouped = groupSummaries(base.map((b) => b.inputs));

  const timed = <T>(f: () => T): [T, number] => {
    const start = performance.now();
    const value = f();
    return [value, performance.now() - start];
  };
  const [{ fit: bg, mle: bgMle }, bgMs] = timed(() => fitBgnbdWithFallback(grouped, "bgnbd"));
  const [{ fit: mbg, mle: mbgMle }, mbgMs] = timed(() => fitBgnbdWithFallback(grouped, "mbgnbd"));
  const [spend, spendMs] = timed(() => fitGammaGamma(base.map((b) => b.inputs)));

  const rules = rfmRules(
    base.map((b) => b.facts),
    calEnd,
  );
  const rows: BacktestCustomer[] = base.map(({ facts, inputs, h }, k) => {
    const forecast = (fit: BgFitResult) => ({
      pAlive: pAlive(fit.params, inputs, fit.variant),
      expected: expectedPurchases(fit.params, inputs, holdoutLength, fit.variant),
      pAny: 1 - probabilityNoPurchase(fit.params, inputs, holdoutLength, fit.variant),
    });
    return {
      facts,
      inputs,
      holdoutPurchases: purchasesBetween(h, calEnd, holdEnd),
      daysSinceLastOrder: calEnd - facts.lastOrderDay,
      bgnbd: forecast(bg),
      mbgnbd: forecast(mbg),
      rulesOverdueFactor: rules[k]?.overdueFactor ?? 0,
    };
  });

  const bought = rows.map((r) => r.holdoutPurchases > 0);
  const rank = (ranking: string, score: (r: BacktestCustomer) => number): AucRow => ({
    ranking,
    auc: auc(rows.map(score), bought),
  });
  const sum = (f: (r: BacktestCustomer) => number): number => rows.reduce((s, r) => s + f(r), 0);
  return {
    customers: rows.length,
    repeatBuyers: rows.filter((r) => r.inputs.x > 0).length,
    holdoutLength,
    boughtAgain: bought.filter(Boolean).length,
    fits: { bgnbd: bg, mbgnbd: mbg, spend },
    mle: { bgnbd: bgMle, mbgnbd: mbgMle },
    fitMs: { bgnbd: bgMs, mbgnbd: mbgMs, spend: spendMs },
    aggregate: {
      actual: sum((r) => r.holdoutPurchases),
      bgnbd: sum((r) => r.bgnbd.expected),
      mbgnbd: sum((r) => r.mbgnbd.expected),
    },
    // Every score is oriented so that higher means "more likely to buy again".
    auc: [
      rank("BG/NBD expected purchases (churn-risk ranking)", (r) => r.bgnbd.expected),
      rank("BG/NBD P(at least one purchase)", (r) => r.bgnbd.pAny),
      rank("BG/NBD P(alive)", (r) => r.bgnbd.pAlive),
      rank("MBG/NBD expected purchases", (r) => r.mbgnbd.expected),
      rank("MBG/NBD P(alive)", (r) => r.mbgnbd.pAlive),
      rank("rfm-rules overdue factor (small-shop fallback)", (r) => -r.rulesOverdueFactor),
      rank(`rule: no order for ${ruleDays} days`, (r) => (r.daysSinceLastOrder < ruleDays ? 1 : 0)),
      rank("days since last order", (r) => -r.daysSinceLastOrder),
    ],
    rows,
  };
}
