import type { Money } from "../events/primitives";
import { publicCustomerId } from "./identity";
import { churnMarkOf, type PredictionsView, predictionsOf } from "./insights";
import { type LifecycleStage, lifecycleStage } from "./lifecycle";
import { addDecimal, compareDecimal, normaliseDecimal, subDecimal, sumDecimals } from "./money";
import { type NpsGroup, npsGroup } from "./nps";
import {
  type ConsentFact,
  factNames,
  type IdentityField,
  type OrderFact,
  type ProfileState,
  type RefundFact,
  type Stamped,
  type SurveyFact,
} from "./profile";

/** The profile as the admin API returns it and campaigns read it: derived from the state, never stored twice. */
export interface ProfileView {
  shop: string;
  customerId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  timeZone: string | null;
  registeredAt: string | null;
  orderCount: number;
  totalRevenue: Money;
  revenueByCurrency: Record<string, string>;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  lifecycleStage: LifecycleStage;
  consent: { email: { marketing: "granted" | "pending" | "revoked" | "unknown" } };
  /** Inputs of recency / frequency / monetary scoring and of the purchase models. */
  rfm: {
    lastOrderAt: string | null;
    frequency: number;
    distinctOrderDays: number;
    averageOrderValue: Money | null;
  };
  categories: string[];
  /**
   * The category the customer buys again: the one in the most orders, of those in at least two
   * (ties: the one bought most recently); null when no category repeats. Replenishment reads it.
   */
  repeatCategory: string | null;
  coupons: string[];
  /** The latest delivered, opened and clicked email (the sunset policy reads these). */
  engagement: { lastDeliveredAt: string | null; lastOpenAt: string | null; lastClickAt: string | null };
  /** The model jobs' churn, next-order, CLV and RFM estimates with their inputs; null until the first run. */
  predictions: PredictionsView | null;
  /** The latest survey answer ("would you recommend us?", 0-10) and its NPS group; null before one. */
  survey: { lastScore: number; group: NpsGroup; answeredAt: string; surveyId: string } | null;
}

/** Used when a customer has no order yet and so no currency of their own. */
export const DEFAULT_CURRENCY = "EUR";

interface OrderWithRefunds extends OrderFact {
  refunded: string;
}

/** The orders of a profile with what was refunded of each (refunds in another currency are not netted). */
export function ordersOf(state: ProfileState): OrderWithRefunds[] {
  const refunds = new Map<string, RefundFact[]>();
  for (const [name, value] of Object.entries(state.facts)) {
    if (!name.startsWith("r:")) continue;
    const refund = value as RefundFact;
    // Facts written before `o` existed: r:<orderId>:<eventId>, right for ids without ':'.
    const orderId = refund.o ?? name.slice(2, name.lastIndexOf(":"));
    refunds.set(orderId, [...(refunds.get(orderId) ?? []), refund]);
  }
  const orders: OrderWithRefunds[] = [];
  for (const [name, value] of Object.entries(state.facts)) {
    if (!name.startsWith("o:")) continue;
    const order = value as OrderFact;
    const own = (refunds.get(name.slice(2)) ?? []).filter((r) => r.c === order.currency);
    orders.push({ ...order, refunded: sumDecimals(own.map((r) => r.a)) });
  }
  return orders;
}

/** An order counts as long as it is not fully refunded. */
export function isCounted(order: OrderWithRefunds): boolean {
  return compareDecimal(order.refunded, order.total) < 0;
}

export function viewProfile(state: ProfileState): ProfileView {
  const f = state.facts;
  const identity = (field: IdentityField) =>
    (f[factNames.identity(field)] as Stamped<string> | undefined)?.v ?? null;
  const placed = ordersOf(state);
  const counted = placed.filter(isCounted);

  const revenueByCurrency: Record<string, string> = {};
  for (const o of placed) {
    revenueByCurrency[o.currency] = addDecimal(
      revenueByCurrency[o.currency] ?? "0",
      subDecimal(o.total, o.refunded),
    );
  }

  const times = counted.map((o) => o.at).sort();
  const firstOrderAt = times[0] ?? null;
  const lastOrderAt = times[times.length - 1] ?? null;
  // The customer's own currency is that of their latest order.
  const latest = [...placed].sort((a, b) => (a.s < b.s ? 1 : -1))[0];
  const currency = latest?.currency ?? DEFAULT_CURRENCY;
  const revenue = normaliseDecimal(revenueByCurrency[currency] ?? "0");
  const countedInCurrency = counted.filter((o) => o.currency === currency);
  const averageOrderValue =
    countedInCurrency.length > 0
      ? { amount: divideMoney(revenue, countedInCurrency.length), currency }
      : null;
  const consent = f[factNames.consent("email", "marketing")] as ConsentFact | undefined;

  return {
    shop: state.shop,
    customerId: publicCustomerId(state.customerKey),
    email: identity("email"),
    firstName: identity("firstName"),
    lastName: identity("lastName"),
    locale: identity("locale"),
    timeZone: identity("timeZone"),
    registeredAt: (f[factNames.registeredAt] as string | undefined) ?? null,
    orderCount: counted.length,
    totalRevenue: { amount: revenue, currency },
    revenueByCurrency,
    firstOrderAt,
    lastOrderAt,
    lifecycleStage: lifecycleStage(counted.length, lastOrderAt ?? undefined, churnMarkOf(f)),
    consent: { email: { marketing: consent?.status ?? "unknown" } },
    rfm: {
      lastOrderAt,
      frequency: counted.length,
      distinctOrderDays: new Set(times.map((t) => t.slice(0, 10))).size,
      averageOrderValue,
    },
    categories: [...new Set(counted.flatMap((o) => o.categories ?? []))].sort(),
    repeatCategory: repeatCategoryOf(counted),
    coupons: [...new Set(counted.flatMap((o) => o.coupons ?? []))].sort(),
    engagement: {
      lastDeliveredAt: (f[factNames.engagement["message.delivered"]] as string | undefined) ?? null,
      lastOpenAt: (f[factNames.engagement["message.opened"]] as string | undefined) ?? null,
      lastClickAt: (f[factNames.engagement["message.clicked"]] as string | undefined) ?? null,
    },
    predictions: predictionsOf(f),
    survey: surveyOf(f[factNames.lastSurveyAnswer] as SurveyFact | undefined),
  };
}

function repeatCategoryOf(orders: readonly OrderFact[]): string | null {
  const seen = new Map<string, { orders: number; lastAt: string }>();
  for (const o of orders)
    for (const c of new Set(o.categories ?? [])) {
      const was = seen.get(c);
      seen.set(c, { orders: (was?.orders ?? 0) + 1, lastAt: was && was.lastAt > o.at ? was.lastAt : o.at });
    }
  let best: [string, { orders: number; lastAt: string }] | undefined;
  for (const entry of [...seen].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [, v] = entry;
    if (v.orders < 2) continue;
    if (!best || v.orders > best[1].orders || (v.orders === best[1].orders && v.lastAt > best[1].lastAt))
      best = entry;
  }
  return best?.[0] ?? null;
}

function surveyOf(fact: SurveyFact | undefined): ProfileView["survey"] {
  if (!fact) return null;
  return { lastScore: fact.score, group: npsGroup(fact.score), answeredAt: fact.at, surveyId: fact.surveyId };
}

/** Divides a decimal amount by a count, rounding half up to cents. */
function divideMoney(amount: string, count: number): string {
  const [int = "0", frac = ""] = amount.replace("-", "").split(".");
  const cents = BigInt(int + frac.padEnd(2, "0").slice(0, 2));
  const q = (cents * 2n + BigInt(count)) / (2n * BigInt(count));
  const sign = amount.startsWith("-") ? "-" : "";
  return normaliseDecimal(`${sign}${q / 100n}.${(q % 100n).toString().padStart(2, "0")}`);
}
