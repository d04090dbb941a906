import type { JourneyInstance } from "../persistence/journey-store";
import type { ReportCustomer } from "./input";
import { type Uplift, welchUplift } from "./stats";

export const DEFAULT_ATTRIBUTION_DAYS = 7;

export interface CampaignFigures {
  campaignId: string;
  triggered: number;
  waiting: number;
  sent: number;
  /** Instances deferred at least once (quiet hours, budget), and all deferrals. */
  deferred: number;
  deferrals: number;
  skipped: Record<string, number>;
  exited: number;
  /** Sent messages followed by an open / a click of the customer (any message: SES events are kept per profile). */
  opened: number;
  clicked: number;
  /** Orders of mailed customers within the window after the send, and their revenue (a customer's order counts for every campaign that mailed them in the window). */
  windowOrders: number;
  windowRevenue: number;
  /** Each order credited only to the latest send before it within the window: what most tools report. */
  lastTouchOrders: number;
  lastTouchRevenue: number;
  /** Revenue per customer within the window after the decision: mailed vs held-out customers. */
  uplift: Uplift | undefined;
  treatmentCustomers: number;
  controlCustomers: number;
}

const DAY = 86_400_000;
const entryAt = (i: JourneyInstance, decision: string, reason?: string) =>
  i.ledger.find((e) => e.decision === decision && (reason === undefined || e.reason === reason))?.at;

/**
 * Per campaign: what the engine decided (from each instance's ledger) and what followed (from the
 * customers' orders). Orders are in the report's currency only.
 */
export function campaignFigures(
  instances: readonly JourneyInstance[],
  customers: readonly ReportCustomer[],
  currency: string,
  windowDays = DEFAULT_ATTRIBUTION_DAYS,
): CampaignFigures[] {
  const window = windowDays * DAY;
  const byKey = new Map(customers.map((c) => [`${c.shop}|${c.customerKey}`, c]));
  const customerOf = (i: JourneyInstance) => byKey.get(`${i.shop}|${i.customerKey}`);
  const ordersAfter = (c: ReportCustomer | undefined, from: string) => {
    const start = Date.parse(from);
    return (c?.orders ?? []).filter((o) => {
      const t = Date.parse(o.at);
      return o.currency === currency && t > start && t <= start + window;
    });
  };

  // Last touch: every send per customer, so each order can find the latest one before it.
  const sends = new Map<string, { at: string; campaignId: string }[]>();
  for (const i of instances) {
    const at = sendTime(i);
    if (i.status !== "sent" || !at) continue;
    const key = `${i.shop}|${i.customerKey}`;
    sends.set(key, [...(sends.get(key) ?? []), { at, campaignId: i.campaignId }]);
  }
  const lastTouch = new Map<string, { orders: number; revenue: number }>();
  for (const [key, list] of sends) {
    for (const o of byKey.get(key)?.orders ?? []) {
      if (o.currency !== currency) continue;
      const t = Date.parse(o.at);
      const touch = list
        .filter((s) => Date.parse(s.at) < t && t - Date.parse(s.at) <= window)
        .sort((a, b) => (a.at < b.at ? 1 : -1))[0];
      if (!touch) continue;
      const held = lastTouch.get(touch.campaignId) ?? { orders: 0, revenue: 0 };
      lastTouch.set(touch.campaignId, { orders: held.orders + 1, revenue: held.revenue + o.amount });
    }
  }

  const ids = [...new Set(instances.map((i) => i.campaignId))].sort();
  return ids.map((campaignId) => {
    // Tombstones (an exit that came before its trigger) are not triggers.
    const own = instances.filter((i) => i.campaignId === campaignId && !isTombstone(i));
    const f: CampaignFigures = {
      campaignId,
      triggered: own.length,
      waiting: own.filter((i) => i.status === "scheduled" || i.status === "sending").length,
      sent: 0,
      deferred: 0,
      deferrals: 0,
      skipped: {},
      exited: own.filter((i) => i.status === "exited").length,
      opened: 0,
      clicked: 0,
      windowOrders: 0,
      windowRevenue: 0,
      lastTouchOrders: lastTouch.get(campaignId)?.orders ?? 0,
      lastTouchRevenue: lastTouch.get(campaignId)?.revenue ?? 0,
      uplift: undefined,
      treatmentCustomers: 0,
      controlCustomers: 0,
    };
    const treatment = new Map<string, string>();
    const control = new Map<string, string>();
    for (const i of own) {
      const deferrals = i.ledger.filter((e) => e.decision === "deferred").length;
      f.deferrals += deferrals;
      if (deferrals > 0) f.deferred++;
      if (i.status === "skipped") {
        const reason = [...i.ledger].reverse().find((e) => e.decision === "skipped")?.reason ?? "unknown";
        f.skipped[reason] = (f.skipped[reason] ?? 0) + 1;
        const heldOutAt = entryAt(i, "skipped", "holdout");
        if (heldOutAt) keepFirst(control, `${i.shop}|${i.customerKey}`, heldOutAt);
      }
      const sentAt = sendTime(i);
      if (i.status !== "sent" || !sentAt) continue;
      f.sent++;
      keepFirst(treatment, `${i.shop}|${i.customerKey}`, sentAt);
      const c = customerOf(i);
      if ((c?.view.engagement?.lastOpenAt ?? "") >= sentAt) f.opened++;
      if ((c?.view.engagement?.lastClickAt ?? "") >= sentAt) f.clicked++;
      const orders = ordersAfter(c, sentAt);
      f.windowOrders += orders.length;
      f.windowRevenue += orders.reduce((s, o) => s + o.amount, 0);
    }
    const revenueAfter = (group: Map<string, string>) =>
      [...group].map(([key, at]) => ordersAfter(byKey.get(key), at).reduce((s, o) => s + o.amount, 0));
    f.treatmentCustomers = treatment.size;
    f.controlCustomers = control.size;
    f.uplift = welchUplift(revenueAfter(treatment), revenueAfter(control));
    return f;
  });
}

/**
 * When the message went out: the dispatch's decision time (its `now`, recorded on the claim), so a
 * dispatch replayed with an earlier `now` locally attributes the orders that followed it.
 */
function sendTime(i: JourneyInstance): string | undefined {
  const sent = i.ledger.findIndex((e) => e.decision === "sent");
  if (sent < 0) return undefined;
  const claim = i.ledger
    .slice(0, sent)
    .reverse()
    .find((e) => e.decision === "claimed");
  return claim?.at ?? i.ledger[sent]?.at;
}

function keepFirst(group: Map<string, string>, key: string, at: string) {
  const held = group.get(key);
  if (!held || at < held) group.set(key, at);
}

function isTombstone(i: JourneyInstance): boolean {
  return (
    i.status === "exited" &&
    i.ledger.length === 1 &&
    (i.ledger[0]?.reason ?? "").endsWith("before the trigger")
  );
}
