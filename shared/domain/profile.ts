import type { CanonicalEvent } from "../events/catalog";
import { customerKeyOf, emailHash } from "./identity";
import { dayAfter, FIRST_CHECK_DAYS } from "./lifecycle";

/**
 * A customer profile is a set of facts, each under its own name with a merge rule, so that
 * applying the same events in any order, any number of times, gives the same profile:
 * - `i:<field>`   identity (email, names, locale, time zone): last writer wins by stamp
 * - `o:<orderId>` an order: last writer wins by stamp (a later update of the same order replaces it)
 * - `r:<orderId>:<eventId>` a refund: written once (a refund may arrive before its order)
 * - `c:<channel>:<purpose>` consent: last writer wins by stamp
 * - `registeredAt`: the earliest registration
 * - `e:last<Kind>At` engagement (delivered, opened, clicked): the latest time, by maximum
 * - `n:lastAnswer` the latest survey answer (score 0-10): last writer wins by stamp
 * - `a:<emailHash>` an address the customer has had (erasure finds the profiles of earlier
 *                 addresses through these): a set member, added once and never a reason to refuse
 *                 the write, so it costs the fast path nothing
 * - `p:<name>`    what the model jobs concluded (RFM, prediction, churn mark): last writer wins by
 *                 stamp `<evaluated at>|<job>` (shared/domain/insights.ts)
 * A stamp is `occurredAt|eventId`: ISO times in UTC sort as strings, the id breaks ties.
 * Each rule is also expressible as a DynamoDB condition, so the store can apply an event with one
 * conditional update and no read (shared/persistence/profile-store.ts).
 * Everything else (order count, revenue, lifecycle) is derived in ./profile-view.
 */

export interface Stamped<T> {
  v: T;
  s: string;
}

export interface OrderFact {
  total: string;
  currency: string;
  at: string;
  s: string;
  categories?: string[];
  coupons?: string[];
}

export interface RefundFact {
  a: string;
  c: string;
  /** The refunded order. Kept in the value: ids of both orders and events may contain ':'. */
  o?: string;
}

export type ConsentStatus = "granted" | "pending" | "revoked";

export interface ConsentFact {
  status: ConsentStatus;
  s: string;
  confirmedAt?: string;
  source?: string;
}

/** The latest survey answer: the profile keeps the last score, the shop's NPS is computed from it. */
export interface SurveyFact {
  score: number;
  surveyId: string;
  at: string;
  s: string;
}

/** A model job's conclusion (shared/domain/insights.ts), stamped like every last-writer-wins fact. */
export interface InsightValue {
  s: string;
}

export type FactValue =
  | Stamped<string>
  | OrderFact
  | RefundFact
  | ConsentFact
  | SurveyFact
  | InsightValue
  | string;
export type MergeRule = "last-writer-wins" | "write-once" | "minimum" | "maximum" | "set-member";

export interface Fact {
  name: string;
  value: FactValue;
  rule: MergeRule;
}

export interface ProfileState {
  shop: string;
  customerKey: string;
  customerId?: string;
  facts: Record<string, FactValue>;
  /**
   * The day (yyyy-mm-dd) the churn sweep should look at this customer again (the byNextCheck
   * index). Not a fact: a schedule that may come early (the sweep re-evaluates and reschedules),
   * set by each newest order and by the sweep, absent once the customer is inactive.
   */
  nextCheck?: string;
}

const IDENTITY_FIELDS = ["email", "firstName", "lastName", "locale", "timeZone"] as const;
export type IdentityField = (typeof IDENTITY_FIELDS)[number];

export const factNames = {
  identity: (field: IdentityField) => `i:${field}`,
  address: (hash: string) => `a:${hash}`,
  order: (orderId: string) => `o:${orderId}`,
  refund: (orderId: string, eventId: string) => `r:${orderId}:${eventId}`,
  consent: (channel: string, purpose: string) => `c:${channel}:${purpose}`,
  registeredAt: "registeredAt",
  engagement: {
    "message.delivered": "e:lastDeliveredAt",
    "message.opened": "e:lastOpenAt",
    "message.clicked": "e:lastClickAt",
  },
  rfm: "p:rfm",
  prediction: "p:prediction",
  churnMark: "p:churn",
  nextOrderDueNotice: "p:due",
  lastSurveyAnswer: "n:lastAnswer",
} as const;

/** The facts one event asserts about its customer. */
export function factsOf(event: CanonicalEvent): Fact[] {
  const s = `${event.occurredAt}|${event.id}`;
  const facts: Fact[] = [];
  for (const field of IDENTITY_FIELDS) {
    const v = event.customer[field];
    if (v !== undefined)
      facts.push({ name: factNames.identity(field), value: { v, s }, rule: "last-writer-wins" });
  }
  if (event.customer.email !== undefined)
    facts.push({ name: factNames.address(emailHash(event.customer.email)), value: "1", rule: "set-member" });
  switch (event.type) {
    case "customer.registered":
      facts.push({ name: factNames.registeredAt, value: event.occurredAt, rule: "minimum" });
      break;
    case "order.placed": {
      const categories = unique(event.data.items.map((i) => i.category));
      const coupons = unique(event.data.coupons);
      const order: OrderFact = {
        total: event.data.total.amount,
        currency: event.data.total.currency,
        at: event.occurredAt,
        s,
      };
      if (categories.length) order.categories = categories;
      if (coupons.length) order.coupons = coupons;
      facts.push({ name: factNames.order(event.data.orderId), value: order, rule: "last-writer-wins" });
      break;
    }
    case "order.refunded":
      facts.push({
        name: factNames.refund(event.data.orderId, event.id),
        value: { a: event.data.amount.amount, c: event.data.amount.currency, o: event.data.orderId },
        rule: "write-once",
      });
      break;
    case "consent.granted":
    case "consent.revoked": {
      const fact: ConsentFact =
        event.type === "consent.revoked"
          ? { status: "revoked", s }
          : event.data.confirmedAt !== undefined
            ? { status: "granted", s, confirmedAt: event.data.confirmedAt }
            : { status: "pending", s };
      if (event.data.source !== undefined) fact.source = event.data.source;
      facts.push({
        name: factNames.consent(event.data.channel, event.data.purpose),
        value: fact,
        rule: "last-writer-wins",
      });
      break;
    }
    case "message.delivered":
    case "message.opened":
    case "message.clicked":
      facts.push({ name: factNames.engagement[event.type], value: event.occurredAt, rule: "maximum" });
      break;
    case "survey.answered":
      facts.push({
        name: factNames.lastSurveyAnswer,
        value: { score: event.data.score, surveyId: event.data.surveyId, at: event.occurredAt, s },
        rule: "last-writer-wins",
      });
      break;
    default:
      // Checkouts and coupons only refresh identity here; campaigns react to them.
      break;
  }
  return facts;
}

/** Whether a fact would change what is held under its name (the same test the store's condition makes). */
export function wins(fact: Fact, held: FactValue | undefined): boolean {
  if (held === undefined) return true;
  switch (fact.rule) {
    case "write-once":
    case "set-member":
      return false;
    case "minimum":
      return (fact.value as string) < (held as string);
    case "maximum":
      return (fact.value as string) > (held as string);
    case "last-writer-wins":
      return (held as { s: string }).s < (fact.value as { s: string }).s;
  }
}

export function emptyProfile(shop: string, customerKey: string, customerId?: string): ProfileState {
  return { shop, customerKey, ...(customerId !== undefined ? { customerId } : {}), facts: {} };
}

/** Applies one event to a profile. Pure: returns a new state and whether anything changed. */
export function foldEvent(
  current: ProfileState | undefined,
  event: CanonicalEvent,
): { state: ProfileState; changed: boolean } {
  const state = current
    ? { ...current, facts: { ...current.facts } }
    : emptyProfile(event.shop, customerKeyOf(event.customer), event.customer.id);
  let changed = current === undefined;
  let orderAt: string | undefined;
  for (const fact of factsOf(event)) {
    if (wins(fact, state.facts[fact.name])) {
      state.facts[fact.name] = fact.value;
      changed = true;
      if (fact.name.startsWith("o:")) orderAt = (fact.value as OrderFact).at;
    }
  }
  if (orderAt !== undefined) {
    // Only the newest order reschedules; an older one arriving late keeps the schedule.
    const times = Object.entries(state.facts)
      .filter(([name]) => name.startsWith("o:"))
      .map(([, o]) => (o as OrderFact).at)
      .sort();
    const latest = times.at(-1) ?? orderAt;
    if (latest === orderAt || state.nextCheck === undefined)
      state.nextCheck = dayAfter(latest, FIRST_CHECK_DAYS);
  }
  return { state, changed };
}

/**
 * The next check an event's facts file without a read (the store's fast path): two weeks after
 * the day of its order, with the order's time. The store writes it only if no newer order filed
 * one (`checkOrderAt`); an older order delivered late takes the slow path instead, where the fold
 * keeps the newest order's schedule. A check that comes early anyway is harmless: the sweep
 * re-evaluates and reschedules; one that lands on a day the sweep has passed (an import of old
 * orders) is refiled by the weekly model job.
 */
export function nextCheckOf(facts: readonly Fact[]): { day: string; orderAt: string } | undefined {
  const orderAt = facts
    .filter((f) => f.name.startsWith("o:"))
    .map((f) => (f.value as OrderFact).at)
    .sort()
    .at(-1);
  return orderAt === undefined ? undefined : { day: dayAfter(orderAt, FIRST_CHECK_DAYS), orderAt };
}

function unique(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined && v !== ""))].sort();
}
