import { type Fact, factNames } from "../../shared/domain/profile";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { dayOf, formatDay, parseDay } from "../../shared/intelligence/days";
import type { StoredShopModel } from "../../shared/intelligence/jobs/shop-model";
import { decide, type SweepDecision, type SweepOptions } from "../../shared/intelligence/jobs/sweep-decision";
import type { EventBus } from "../../shared/messaging/event-bus";
import { toBusEvent } from "../../shared/messaging/event-bus";
import type { InsightStore } from "../../shared/persistence/insight-store";
import type { StoredProfile } from "../../shared/persistence/profile-store";
import type { ShopModelStore } from "../../shared/persistence/shop-model-store";

export interface SweepDeps {
  insights: InsightStore;
  models: ShopModelStore;
  bus: EventBus;
  options: SweepOptions;
  /** Profiles evaluated in parallel. */
  concurrency?: number;
}

export type SweepOutcome =
  | "active"
  | "at-risk"
  | "inactive"
  | "not-due"
  | "no-orders"
  | "gone"
  | "stale"
  | "contended";

export interface ShopSweepSummary {
  shop: string;
  model: StoredShopModel["model"] | "none";
  days: number;
  /** Index entries read (customers filed under the days swept). */
  due: number;
  outcomes: Partial<Record<SweepOutcome, number>>;
  /** customer.churn-risk (newly at-risk or inactive) and customer.next-order-due events published. */
  churnRisk: number;
  nextOrderDue: number;
}

/** Without a cursor, look this far back (profiles filed before the first sweep). */
const FIRST_LOOKBACK_DAYS = 60;
const MAX_ATTEMPTS = 3;
const BATCH = 100;
const DAYS_IN_FLIGHT = 4;

/**
 * The daily `churn-sweep` job: for each shop, reads only the customers whose check falls on a day
 * from the shop's cursor up to `now` (Queries on byNextCheck, a BatchGetItem per 100 profiles;
 * never a Scan), re-evaluates each with the shop's stored model, publishes the events of the
 * decision, then writes the prediction, the churn mark and the next check in one UpdateItem that
 * holds only if no event was applied since the read (otherwise: read again and decide again).
 * Events go out first and carry ids derived from the decision: a crash in between republishes the
 * same events, which their consumers count once.
 */
export async function sweepChurn(
  now: Date,
  deps: SweepDeps,
): Promise<{ now: string; shops: ShopSweepSummary[] }> {
  const today = dayOf(now);
  const shops: ShopSweepSummary[] = [];
  for (const shop of await deps.models.listShops()) {
    const model = await deps.models.loadShopModel(shop);
    const cursor = await deps.models.readSweepCursor(shop);
    const from = Math.min(today, cursor ? (parseDay(cursor) ?? today) : today - FIRST_LOOKBACK_DAYS);
    const summary: ShopSweepSummary = {
      shop,
      model: model?.model ?? "none",
      days: today - from + 1,
      due: 0,
      outcomes: {},
      churnRisk: 0,
      nextOrderDue: 0,
    };
    const days = Array.from({ length: today - from + 1 }, (_, i) => formatDay(from + i));
    // A few days at a time: most buckets of a catch-up are small or empty.
    await inParallel(days, DAYS_IN_FLIGHT, async (day) => {
      let start: Record<string, unknown> | undefined;
      do {
        const page = await deps.insights.dueKeys(shop, day, start);
        summary.due += page.keys.length;
        for (let i = 0; i < page.keys.length; i += BATCH) {
          const profiles = await deps.insights.loadProfiles(shop, page.keys.slice(i, i + BATCH));
          await inParallel(profiles, deps.concurrency ?? 8, async (p) => {
            const outcome = await evaluate(p, model, now, deps, summary);
            summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
          });
        }
        start = page.next;
      } while (start);
    });
    // Today stays open: what is filed under it after this run is read by the next one.
    await deps.models.writeSweepCursor(shop, formatDay(today));
    shops.push(summary);
  }
  return { now: now.toISOString(), shops };
}

async function evaluate(
  first: StoredProfile,
  model: StoredShopModel | undefined,
  now: Date,
  deps: SweepDeps,
  summary: ShopSweepSummary,
): Promise<SweepOutcome> {
  const todayIso = formatDay(dayOf(now));
  let stored: StoredProfile | undefined = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && stored; attempt++) {
    const { state, version } = stored;
    // The index is eventually consistent, and an order may have moved the check since.
    if (state.nextCheck === undefined || state.nextCheck > todayIso) return "not-due";
    const decision = decide(state, model, now, deps.options);
    if (decision?.events.length)
      await deps.bus.publish(decision.events.map((e) => toBusEvent(e, EVENT_SOURCE)));
    const written = await deps.insights.writeInsights(state.shop, state.customerKey, factsOf(decision), {
      expectedVersion: version,
      // No orders (all refunded): nothing to watch until the next order files a check again.
      nextCheck: decision ? decision.nextCheck : null,
    });
    if (written === "written") {
      if (!decision) return "no-orders";
      for (const e of decision.events) {
        if (e.type === "customer.churn-risk") summary.churnRisk++;
        else summary.nextOrderDue++;
      }
      return decision.stage === "at-risk" || decision.stage === "inactive" ? decision.stage : "active";
    }
    if (written === "missing") return "gone";
    if (written === "stale") return "stale";
    // Something was applied since the read (an order, the model job): read again, decide again.
    stored = await deps.insights.loadProfile(state.shop, state.customerKey);
  }
  return stored ? "contended" : "gone";
}

function factsOf(decision: SweepDecision | undefined): Fact[] {
  if (!decision) return [];
  const facts: Fact[] = [
    { name: factNames.prediction, value: decision.prediction, rule: "last-writer-wins" },
  ];
  if (decision.mark)
    facts.push({ name: factNames.churnMark, value: decision.mark, rule: "last-writer-wins" });
  if (decision.dueNotice)
    facts.push({ name: factNames.nextOrderDueNotice, value: decision.dueNotice, rule: "last-writer-wins" });
  return facts;
}

async function inParallel<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}
