import type { CanonicalEvent } from "../../shared/events/catalog";
import { orderPlaced, orderRefunded } from "./builders";

/**
 * A shop's best customer: `orders` orders over five years (a few categories and coupons each,
 * one order of 200 lines), and a refund for every 50th order (every other one in full). Ids and
 * times are deterministic, so the same history is built each time.
 */
export function heavyCustomerHistory(customerId: string, orders: number): CanonicalEvent[] {
  const customer = { id: customerId, email: `${customerId}@example.com`, firstName: "Hanna" };
  const start = Date.parse("2021-01-01T00:00:00.000Z");
  const step = Math.floor((5 * 365 * 24 * 3600 * 1000) / orders);
  const events: CanonicalEvent[] = [];
  for (let i = 0; i < orders; i++) {
    const at = new Date(start + i * step).toISOString();
    const orderId = `${customerId}-o${i}`;
    const categories =
      i === orders >> 1
        ? Array.from({ length: 200 }, (_, l) => `category-number-${l}`)
        : [`cat-${i % 7}`, `cat-${i % 3}`];
    events.push(
      orderPlaced({
        id: `${orderId}-placed`,
        customer,
        orderId,
        at,
        amount: `${10 + (i % 90)}.${String(i % 100).padStart(2, "0")}`,
        categories,
        coupons: i % 10 === 0 ? [`C${i % 4}`] : [],
      }),
    );
    if (i % 50 === 49) {
      const full = i % 100 === 99;
      events.push(
        orderRefunded({
          id: `${orderId}-refund`,
          customer: { id: customerId },
          orderId,
          at: new Date(start + i * step + 3600_000).toISOString(),
          amount: full ? `${10 + (i % 90)}.${String(i % 100).padStart(2, "0")}` : "1.00",
        }),
      );
    }
  }
  return events;
}
