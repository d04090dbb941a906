import type { Money } from "../events/primitives";
import { publicCustomerId } from "./identity";
import { type LifecycleStage, lifecycleStage } from "./lifecycle";
import { addDecimal, compareDecimal, normaliseDecimal, subDecimal, sumDecimals } from "./money";
import type { OrderFact, ProfileState } from "./profile";

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
  coupons: string[];
}

/** Used when a customer has no order yet and so no currency of their own. */
export const DEFAULT_CURRENCY = "EUR";

export function refundedAmount(order: OrderFact): string {
  const refunds = Object.values(order.refunds ?? {}).filter((r) => r.c === order.currency);
  return sumDecimals(refunds.map((r) => r.a));
}

/** An order counts once placed and as long as it is not fully refunded. */
export function isCountedOrder(
  order: OrderFact,
): order is OrderFact & { total: string; currency: string; at: string } {
  if (order.total === undefined || order.currency === undefined || order.at === undefined) return false;
  return compareDecimal(refundedAmount(order), order.total) < 0;
}

export function viewProfile(state: ProfileState): ProfileView {
  const placed = Object.values(state.orders).filter((o) => o.total !== undefined && o.currency !== undefined);
  const counted = Object.values(state.orders).filter(isCountedOrder);

  const revenueByCurrency: Record<string, string> = {};
  for (const o of placed) {
    const currency = o.currency as string;
    const net = subDecimal(o.total as string, refundedAmount(o));
    revenueByCurrency[currency] = addDecimal(revenueByCurrency[currency] ?? "0", net);
  }

  const times = counted.map((o) => o.at).sort();
  const firstOrderAt = times[0] ?? null;
  const lastOrderAt = times[times.length - 1] ?? null;
  // The customer's own currency is that of their latest order (ties broken by currency code).
  const latest = [...placed].sort((a, b) => ((a.s ?? "") < (b.s ?? "") ? 1 : -1))[0];
  const currency = latest?.currency ?? DEFAULT_CURRENCY;
  const revenue = normaliseDecimal(revenueByCurrency[currency] ?? "0");

  const countedInCurrency = counted.filter((o) => o.currency === currency);
  const averageOrderValue =
    countedInCurrency.length > 0
      ? { amount: divideMoney(revenue, countedInCurrency.length), currency }
      : null;

  return {
    shop: state.shop,
    customerId: publicCustomerId(state.customerKey),
    email: state.identity.email?.v ?? null,
    firstName: state.identity.firstName?.v ?? null,
    lastName: state.identity.lastName?.v ?? null,
    locale: state.identity.locale?.v ?? null,
    timeZone: state.identity.timeZone?.v ?? null,
    registeredAt: state.registeredAt ?? null,
    orderCount: counted.length,
    totalRevenue: { amount: revenue, currency },
    revenueByCurrency,
    firstOrderAt,
    lastOrderAt,
    lifecycleStage: lifecycleStage(counted.length, lastOrderAt ?? undefined),
    consent: { email: { marketing: state.consent["email:marketing"]?.status ?? "unknown" } },
    rfm: {
      lastOrderAt,
      frequency: counted.length,
      distinctOrderDays: new Set(times.map((t) => t.slice(0, 10))).size,
      averageOrderValue,
    },
    categories: [...new Set(counted.flatMap((o) => o.categories ?? []))].sort(),
    coupons: [...new Set(counted.flatMap((o) => o.coupons ?? []))].sort(),
  };
}

/** Divides a decimal amount by a count, rounding half up to cents. */
function divideMoney(amount: string, count: number): string {
  const [int = "0", frac = ""] = amount.replace("-", "").split(".");
  const cents = BigInt(int + frac.padEnd(2, "0").slice(0, 2));
  const q = (cents * 2n + BigInt(count)) / (2n * BigInt(count));
  const sign = amount.startsWith("-") ? "-" : "";
  return normaliseDecimal(`${sign}${q / 100n}.${(q % 100n).toString().padStart(2, "0")}`);
}
