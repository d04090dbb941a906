import { decimalToNumber, subDecimal } from "../domain/money";
import type { ProfileState } from "../domain/profile";
import { isCounted, ordersOf, type ProfileView, viewProfile } from "../domain/profile-view";

/** One customer as the report sees it: the derived view and the net value of each counted order. */
export interface ReportCustomer {
  shop: string;
  customerKey: string;
  view: ProfileView;
  /** Counted (not fully refunded) orders, net of refunds, oldest first. */
  orders: { at: string; amount: number; currency: string }[];
}

export function reportCustomer(state: ProfileState): ReportCustomer {
  const orders = ordersOf(state)
    .filter(isCounted)
    .map((o) => ({
      at: o.at,
      amount: decimalToNumber(subDecimal(o.total, o.refunded)),
      currency: o.currency,
    }))
    .sort((a, b) => (a.at < b.at ? -1 : 1));
  return { shop: state.shop, customerKey: state.customerKey, view: viewProfile(state), orders };
}

/** The currency most orders are in: the report sums money in that one and says so. */
export function mainCurrency(customers: readonly ReportCustomer[]): string {
  const counts = new Map<string, number>();
  for (const c of customers)
    for (const o of c.orders) counts.set(o.currency, (counts.get(o.currency) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "EUR";
}
