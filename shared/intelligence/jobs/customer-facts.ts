import type { ProfileState } from "../../domain/profile";
import { isCounted, ordersOf } from "../../domain/profile-view";
import { parseDay } from "../days";
import type { CustomerFacts } from "../facts";

/** A profile as the models see it: purchase days and values, in the customer's own currency. */
export interface ModelCustomer {
  customerKey: string;
  facts: CustomerFacts;
  /** The currency of the latest order: revenue, CLV and order values are in it. */
  currency: string;
  lastOrderAt: string;
}

/**
 * The model inputs of one profile, or undefined for a customer without a counted order. Orders
 * on the same UTC day are one purchase (the BG/NBD family counts purchase days); a day's value is
 * its orders net of refunds in the customer's currency (orders in other currencies still count as
 * purchases, but add no value: the spend model needs one currency per customer).
 */
export function modelCustomerOf(state: ProfileState): ModelCustomer | undefined {
  const orders = ordersOf(state)
    .filter(isCounted)
    .sort((a, b) => (a.at < b.at ? -1 : 1));
  const latest = orders.at(-1);
  if (!latest) return undefined;
  const currency = [...ordersOf(state)].sort((a, b) => (a.s < b.s ? 1 : -1))[0]?.currency ?? latest.currency;
  const byDay = new Map<number, number>();
  for (const o of orders) {
    const day = parseDay(o.at);
    if (day === undefined) continue;
    const value = o.currency === currency ? Number(o.total) - Number(o.refunded) : 0;
    byDay.set(day, (byDay.get(day) ?? 0) + Math.max(0, value));
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const first = days[0];
  const last = days.at(-1);
  if (first === undefined || last === undefined) return undefined;
  let revenue = 0;
  for (const v of byDay.values()) revenue += v;
  return {
    customerKey: state.customerKey,
    facts: {
      customerId: state.customerKey,
      firstOrderDay: first,
      lastOrderDay: last,
      orders: days.length,
      revenue,
      firstOrderValue: byDay.get(first) ?? 0,
    },
    currency,
    lastOrderAt: latest.at,
  };
}
