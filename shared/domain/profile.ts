import type { CanonicalEvent } from "../events/catalog";
import { customerKeyOf } from "./identity";

/**
 * The stored state of one customer profile: a set of facts, each merged so that applying the same
 * events in any order, any number of times, gives the same state (a CRDT in spirit):
 * - identity fields are last-writer-wins registers, one per field, stamped `occurredAt|eventId`;
 * - orders are keyed by order id (a second delivery of an order is a no-op), refunds by event id;
 * - consent is a last-writer-wins register per channel and purpose;
 * - registration keeps the earliest time.
 * Everything else (order count, revenue, lifecycle) is derived from this state in ./profile-view.
 */

export interface Stamped<T> {
  v: T;
  /** `occurredAt|eventId`: ISO times in UTC sort as strings; the event id breaks ties deterministically. */
  s: string;
}

export interface RefundFact {
  a: string;
  c: string;
}

export interface OrderFact {
  /** Total, currency and time are absent while only a refund for the order has arrived. */
  total?: string;
  currency?: string;
  at?: string;
  /** The stamp of the order.placed that defined this order (a later update of the same order wins). */
  s?: string;
  categories?: string[];
  coupons?: string[];
  refunds?: Record<string, RefundFact>;
}

export type ConsentStatus = "granted" | "pending" | "revoked";

export interface ConsentFact {
  status: ConsentStatus;
  s: string;
  confirmedAt?: string;
  source?: string;
}

export interface IdentityFacts {
  email?: Stamped<string>;
  firstName?: Stamped<string>;
  lastName?: Stamped<string>;
  locale?: Stamped<string>;
  timeZone?: Stamped<string>;
}

export interface ProfileState {
  shop: string;
  customerKey: string;
  customerId?: string;
  identity: IdentityFacts;
  registeredAt?: string;
  orders: Record<string, OrderFact>;
  consent: Record<string, ConsentFact>;
}

export function emptyProfile(shop: string, customerKey: string, customerId?: string): ProfileState {
  return {
    shop,
    customerKey,
    ...(customerId !== undefined ? { customerId } : {}),
    identity: {},
    orders: {},
    consent: {},
  };
}

export interface FoldResult {
  state: ProfileState;
  changed: boolean;
}

const IDENTITY_FIELDS = ["email", "firstName", "lastName", "locale", "timeZone"] as const;

/** Applies one canonical event to a profile. Pure: returns a new state and whether anything changed. */
export function foldEvent(current: ProfileState | undefined, event: CanonicalEvent): FoldResult {
  const key = customerKeyOf(event.customer);
  const state: ProfileState = current
    ? structuredClone(current)
    : emptyProfile(event.shop, key, event.customer.id);
  let changed = current === undefined;
  const stamp = `${event.occurredAt}|${event.id}`;

  for (const field of IDENTITY_FIELDS) {
    const value = event.customer[field];
    if (value === undefined) continue;
    const held = state.identity[field];
    if (held === undefined || held.s < stamp) {
      state.identity[field] = { v: value, s: stamp };
      changed = true;
    }
  }

  switch (event.type) {
    case "customer.registered":
      if (state.registeredAt === undefined || event.occurredAt < state.registeredAt) {
        state.registeredAt = event.occurredAt;
        changed = true;
      }
      break;
    case "order.placed": {
      const held = state.orders[event.data.orderId] ?? {};
      if (held.s === undefined || held.s < stamp) {
        const categories = unique(event.data.items.map((i) => i.category));
        const coupons = unique(event.data.coupons);
        state.orders[event.data.orderId] = {
          ...(held.refunds ? { refunds: held.refunds } : {}),
          total: event.data.total.amount,
          currency: event.data.total.currency,
          at: event.occurredAt,
          s: stamp,
          ...(categories.length ? { categories } : {}),
          ...(coupons.length ? { coupons } : {}),
        };
        changed = true;
      }
      break;
    }
    case "order.refunded": {
      const held = state.orders[event.data.orderId] ?? {};
      if (held.refunds?.[event.id] === undefined) {
        state.orders[event.data.orderId] = {
          ...held,
          refunds: {
            ...held.refunds,
            [event.id]: { a: event.data.amount.amount, c: event.data.amount.currency },
          },
        };
        changed = true;
      }
      break;
    }
    case "consent.granted":
    case "consent.revoked": {
      const consentKey = `${event.data.channel}:${event.data.purpose}`;
      const held = state.consent[consentKey];
      if (held === undefined || held.s < stamp) {
        const fact: ConsentFact =
          event.type === "consent.revoked"
            ? { status: "revoked", s: stamp }
            : event.data.confirmedAt !== undefined
              ? { status: "granted", s: stamp, confirmedAt: event.data.confirmedAt }
              : { status: "pending", s: stamp };
        if (event.data.source !== undefined) fact.source = event.data.source;
        state.consent[consentKey] = fact;
        changed = true;
      }
      break;
    }
    default:
      // Other events (checkouts, coupons, surveys) only refresh identity here; campaigns react to them.
      break;
  }
  return { state, changed };
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ""))].sort();
}
