import { createHash } from "node:crypto";
import { publicCustomerId } from "../../domain/identity";
import {
  type ChurnMarkFact,
  type ChurnStatus,
  churnMarkOf,
  type DueNoticeFact,
  dueNoticeOf,
  type PredictionFact,
} from "../../domain/insights";
import { churnRank, type LifecycleStage } from "../../domain/lifecycle";
import { factNames, type ProfileState, type Stamped } from "../../domain/profile";
import { viewProfile } from "../../domain/profile-view";
import type { CanonicalEvent } from "../../events/catalog";
import { dayOf, formatDay, parseDay } from "../days";
import type { ModelOptions } from "../model";
import { assess } from "./assess";
import { modelCustomerOf } from "./customer-facts";
import { predictWith, type StoredShopModel } from "./shop-model";

export interface SweepOptions extends ModelOptions {
  /** Look again at least this often (a refit may change the risk; a rhythm may cross a threshold). */
  maxRecheckDays: number;
  /**
   * `customer.next-order-due` goes out this many days before the due date, so a replenishment
   * reminder lands shortly before the customer would order (0: on the due date).
   */
  dueLeadDays: number;
  /**
   * An at-risk customer without an order for this many days after the mark becomes inactive,
   * whatever the model says by then, and not sooner: the reactivation campaign's two attempts
   * (the second 30 days after the first) have had their chance (shared/campaigns/playbook/reactivation.ts).
   */
  inactiveAfterAtRiskDays: number;
}

export interface SweepDecision {
  prediction: PredictionFact;
  /** A new or escalated churn mark (at-risk -> inactive); absent when the stage stays. */
  mark?: ChurnMarkFact;
  dueNotice?: DueNoticeFact;
  events: CanonicalEvent[];
  /** The day to look again; null: not before the next order (inactive customers). */
  nextCheck: string | null;
  stage: LifecycleStage;
}

/**
 * What the daily sweep does with one customer due for a check, as of `now`: the prediction with
 * its inputs, a churn mark when the stage gets worse (see `escalation`; marks only move outwards,
 * an order clears them), a `customer.next-order-due` event once per due date, `dueLeadDays`
 * before it, and the next check: the earliest day something could change (the notice day, a
 * threshold crossing, the end of the at-risk window), at most `maxRecheckDays` away. Undefined
 * for a customer without orders (nothing to predict).
 */
export function decide(
  state: ProfileState,
  model: StoredShopModel | undefined,
  now: Date,
  options: SweepOptions,
): SweepDecision | undefined {
  const customer = modelCustomerOf(state);
  if (!customer) return undefined;
  const nowIso = now.toISOString();
  const today = dayOf(now);
  const s = `${nowIso}|churn-sweep`;
  const statusOn = (day: number) => {
    const p = predictWith(model, [customer.facts], day, options)[0];
    if (!p) throw new Error("no prediction for a customer with orders");
    return assess(p, customer, day, options);
  };
  const a = statusOn(today);
  const prediction: PredictionFact = { ...a, s, at: nowIso, by: "churn-sweep" };

  const current = viewProfile(state).lifecycleStage;
  const { lastOrderAt } = customer;
  const { lastOrderDay } = customer.facts;
  const markedDay = parseDay(churnMarkOf(state.facts)?.at ?? "");
  const next = lastOrderAt < nowIso ? escalation(current, a.status, markedDay, today, options) : undefined;
  const mark: ChurnMarkFact | undefined = next ? { stage: next, at: nowIso, s } : undefined;
  const stage: LifecycleStage = mark?.stage ?? current;

  const events: CanonicalEvent[] = [];
  const who = customerOf(state);
  const data = {
    model: a.model,
    risk: a.churnRisk,
    overdueFactor: a.overdueFactor,
    lastOrderAt,
    nextOrderDueAt: a.nextOrderDueAt,
    intervalDays: Number(a.inputs.intervalDays),
  };
  // Ids from the decision, not the run: a retried sweep publishes the same events again.
  const event = (type: "customer.churn-risk" | "customer.next-order-due", basis: string) => ({
    id: `sweep:${createHash("sha256").update(`${state.shop}|${state.customerKey}|${type}|${basis}`).digest("hex").slice(0, 40)}`,
    shop: state.shop,
    occurredAt: nowIso,
  });
  if (mark && who)
    events.push({
      ...event("customer.churn-risk", `${mark.stage}|${lastOrderAt}`),
      customer: who,
      type: "customer.churn-risk",
      data: { ...data, stage: mark.stage },
    } as CanonicalEvent);

  // The notice day: the due date less the lead time (the event still names the due date itself).
  const noticeDay = (parseDay(a.nextOrderDueAt) ?? today) - options.dueLeadDays;
  const notified = dueNoticeOf(state.facts)?.dueAt === a.nextOrderDueAt;
  const dueNotice =
    noticeDay <= today && !notified && stage !== "inactive" ? { s, dueAt: a.nextOrderDueAt } : undefined;
  if (dueNotice && who)
    events.push({
      ...event("customer.next-order-due", a.nextOrderDueAt),
      customer: who,
      type: "customer.next-order-due",
      data: { ...data, stage: stage === "prospect" ? "new" : stage },
    } as CanonicalEvent);

  return {
    prediction,
    ...(mark ? { mark } : {}),
    ...(dueNotice ? { dueNotice } : {}),
    events,
    nextCheck: stage === "inactive" ? null : formatDay(nextLook()),
    stage,
  };

  /** The earliest day the outcome could change, between tomorrow and the longest recheck. */
  function nextLook(): number {
    const latest = today + options.maxRecheckDays;
    const candidates = [latest];
    if (noticeDay > today && !notified) candidates.push(noticeDay);
    if (stage === "at-risk") {
      // At risk: only the end of the window changes the stage (an order files its own check).
      candidates.push((mark ? today : (markedDay ?? today)) + options.inactiveAfterAtRiskDays);
      return Math.max(today + 1, Math.min(...candidates));
    }
    candidates.push(Math.ceil(lastOrderDay + options.rules.atRiskFactor * Number(a.inputs.intervalDays)));
    // The model's risk only grows while no order comes: find the first day it crosses (bisection).
    const worsens = (day: number) => churnRank(statusOn(day).status) > 0;
    if (a.model !== "rfm-rules" && worsens(latest)) {
      let lo = today;
      let hi = latest;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (worsens(mid)) hi = mid;
        else lo = mid;
      }
      candidates.push(hi);
    }
    return Math.max(today + 1, Math.min(...candidates));
  }
}

/**
 * The stage a churn mark moves to, if it moves. An active customer whose status turned at-risk is
 * marked at-risk (the reactivation campaign starts on that event); one already past the inactive
 * threshold is marked inactive at once (long gone, e.g. imported history: no win-back mail to
 * addresses that went quiet long ago). An at-risk customer becomes inactive exactly when the
 * at-risk window has passed without an order, neither sooner (however the model's risk grows,
 * the reactivation keeps its two attempts) nor later (the issue's rule: after the second attempt,
 * inactive, and from then on only transactional mail).
 */
export function escalation(
  current: LifecycleStage,
  status: ChurnStatus,
  markedDay: number | undefined,
  today: number,
  options: Pick<SweepOptions, "inactiveAfterAtRiskDays">,
): "at-risk" | "inactive" | undefined {
  if (current === "inactive") return undefined;
  if (current === "at-risk")
    return today >= (markedDay ?? today) + options.inactiveAfterAtRiskDays ? "inactive" : undefined;
  return status === "active" ? undefined : status;
}

/** Who the events name: the shop's id, or the email of a guest (the campaign engine needs one). */
function customerOf(state: ProfileState): { id: string } | { email: string } | undefined {
  if (state.customerKey.startsWith("id:")) return { id: publicCustomerId(state.customerKey) };
  const email = (state.facts[factNames.identity("email")] as Stamped<string> | undefined)?.v;
  return email ? { email } : undefined;
}
