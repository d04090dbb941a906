import type { CanonicalEvent } from "../../shared/events/catalog";

/** Builders for canonical events: valid by default, overridable where a test needs it. */

let counter = 0;
const nextId = () => `evt-${++counter}`;

export function orderPlaced(over: {
  id?: string;
  shop?: string;
  customer?: CanonicalEvent["customer"];
  orderId?: string;
  amount?: string;
  currency?: string;
  at?: string;
  categories?: string[];
  coupons?: string[];
}): CanonicalEvent {
  const currency = over.currency ?? "EUR";
  const amount = over.amount ?? "129.90";
  return {
    id: over.id ?? nextId(),
    shop: over.shop ?? "default",
    type: "order.placed",
    occurredAt: over.at ?? "2026-11-02T09:15:00.000Z",
    customer: over.customer ?? { id: "c-42", email: "anna@example.com", firstName: "Anna" },
    data: {
      orderId: over.orderId ?? "o-1001",
      total: { amount, currency },
      items: (over.categories ?? ["accessories"]).map((category, i) => ({
        sku: `P-${i}`,
        name: "Item",
        category,
        quantity: 1,
        price: { amount, currency },
      })),
      coupons: over.coupons ?? [],
    },
  };
}

export function orderRefunded(over: {
  id?: string;
  customer?: CanonicalEvent["customer"];
  orderId?: string;
  amount?: string;
  currency?: string;
  at?: string;
}): CanonicalEvent {
  return {
    id: over.id ?? nextId(),
    shop: "default",
    type: "order.refunded",
    occurredAt: over.at ?? "2026-11-05T10:00:00.000Z",
    customer: over.customer ?? { id: "c-42" },
    data: {
      orderId: over.orderId ?? "o-1001",
      amount: { amount: over.amount ?? "129.90", currency: over.currency ?? "EUR" },
    },
  };
}

export function customerEvent(
  type: "customer.registered" | "customer.updated",
  over: { id?: string; customer?: CanonicalEvent["customer"]; at?: string; shop?: string },
): CanonicalEvent {
  return {
    id: over.id ?? nextId(),
    shop: over.shop ?? "default",
    type,
    occurredAt: over.at ?? "2026-11-01T08:00:00.000Z",
    customer: over.customer ?? { id: "c-42", email: "anna@example.com", firstName: "Anna", locale: "de-DE" },
    data: {},
  };
}

export function consentEvent(
  type: "consent.granted" | "consent.revoked",
  over: { id?: string; customer?: CanonicalEvent["customer"]; at?: string; confirmedAt?: string },
): CanonicalEvent {
  const base = { channel: "email" as const, purpose: "marketing" as const };
  return {
    id: over.id ?? nextId(),
    shop: "default",
    occurredAt: over.at ?? "2026-11-01T08:05:00.000Z",
    customer: over.customer ?? { id: "c-42" },
    ...(type === "consent.granted"
      ? { type, data: { ...base, ...(over.confirmedAt ? { confirmedAt: over.confirmedAt } : {}) } }
      : { type, data: base }),
  } as CanonicalEvent;
}

/** A seeded pseudo-random generator (mulberry32), so property-style tests replay exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
