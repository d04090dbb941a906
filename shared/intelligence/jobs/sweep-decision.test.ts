import { describe, expect, it } from "vitest";
import { profileOf, simulatedCustomers } from "../../../test/support/seed-profiles";
import { type FactValue, factNames, type ProfileState } from "../../domain/profile";
import { viewProfile } from "../../domain/profile-view";
import { dayOf } from "../days";
import { modelCustomerOf } from "./customer-facts";
import { DEFAULT_SWEEP_OPTIONS as options } from "./options";
import { fitStoredModel, type StoredShopModel } from "./shop-model";
import { decide, type SweepDecision } from "./sweep-decision";

const DAY = 86_400_000;
const today = new Date("2026-06-01T04:00:00.000Z");
const daysAgo = (n: number, from = today) => new Date(from.getTime() - n * DAY).toISOString();

/** Orders every `interval` days, the last one `lastAgo` days before today. */
const regular = (id: string, orders: number, interval: number, lastAgo: number): ProfileState =>
  profileOf({
    id,
    orders: Array.from({ length: orders }, (_, i) => ({
      at: daysAgo(lastAgo + (orders - 1 - i) * interval),
      amount: "40.00",
    })),
  });

/** The state after the sweep's write: what the store would hold next time. */
function applied(state: ProfileState, d: SweepDecision): ProfileState {
  const facts: Record<string, FactValue> = { ...state.facts, [factNames.prediction]: d.prediction };
  if (d.mark) facts[factNames.churnMark] = d.mark;
  if (d.dueNotice) facts[factNames.nextOrderDueNotice] = d.dueNotice;
  return { ...state, facts, ...(d.nextCheck ? { nextCheck: d.nextCheck } : { nextCheck: undefined }) };
}

describe("the churn sweep's decision, by the rules (small shops)", () => {
  it("marks a customer overdue by two intervals at risk and says why", () => {
    const state = regular("c-1", 4, 30, 65);

    const d = decide(state, undefined, today, options);

    expect(d?.stage).toBe("at-risk");
    expect(d?.mark).toMatchObject({ stage: "at-risk", at: today.toISOString() });
    expect(d?.prediction).toMatchObject({ model: "rfm-rules", status: "at-risk", churnRisk: null });
    expect(d?.prediction.inputs).toMatchObject({
      intervalDays: 30,
      intervalSource: "own",
      daysSinceLastOrder: 65,
    });
    expect(d?.prediction.explanation).toMatch(/every 30 days/);
    expect(d?.events.map((e) => e.type)).toEqual(["customer.churn-risk", "customer.next-order-due"]);
    expect(d?.events[0]).toMatchObject({
      customer: { id: "c-1" },
      data: { stage: "at-risk", model: "rfm-rules", risk: null, intervalDays: 30 },
    });
  });

  it("publishes nothing new the next day while the stage holds, and checks again when it could change", () => {
    const state = regular("c-2", 4, 30, 65);
    const first = decide(state, undefined, today, options) as SweepDecision;

    const next = decide(applied(state, first), undefined, new Date(today.getTime() + DAY), options);

    expect(next?.mark).toBeUndefined();
    expect(next?.events).toEqual([]);
    expect(viewProfile(applied(state, first)).lifecycleStage).toBe("at-risk");
    // Inactive 44 days after the mark (July 15); but at most 30 days away.
    expect(next?.nextCheck).toBe("2026-07-02");
  });

  it("moves an at-risk customer to inactive later, and stops checking until the next order", () => {
    const state = regular("c-3", 4, 30, 65);
    const atRisk = applied(state, decide(state, undefined, today, options) as SweepDecision);

    const later = decide(atRisk, undefined, new Date(today.getTime() + 60 * DAY), options);

    expect(later?.stage).toBe("inactive");
    expect(later?.events.map((e) => e.type)).toEqual(["customer.churn-risk"]);
    expect(later?.nextCheck).toBeNull();
  });

  it("leaves a customer within their rhythm active and looks again 3 days before the due date", () => {
    const state = regular("c-4", 3, 40, 10);

    const d = decide(state, undefined, today, options);

    expect(d).toMatchObject({ stage: "repeat", events: [] });
    expect(d?.prediction.status).toBe("active");
    expect(d?.prediction.nextOrderDueAt).toBe("2026-07-01T00:00:00.000Z");
    expect(d?.nextCheck).toBe("2026-06-28");
  });

  it("announces the next order once per due date, from 3 days before it and not sooner", () => {
    const state = regular("c-6", 3, 30, 26);
    const day = (n: number) => new Date(today.getTime() + n * DAY);

    const early = decide(state, undefined, today, options) as SweepDecision;
    const onTime = decide(applied(state, early), undefined, day(1), options) as SweepDecision;
    const again = decide(applied(applied(state, early), onTime), undefined, day(2), options);

    expect(early.events).toEqual([]);
    expect(early.nextCheck).toBe("2026-06-02");
    expect(onTime.events).toEqual([
      expect.objectContaining({
        type: "customer.next-order-due",
        occurredAt: day(1).toISOString(),
        data: expect.objectContaining({ nextOrderDueAt: "2026-06-05T00:00:00.000Z", stage: "repeat" }),
      }),
    ]);
    expect(onTime.dueNotice?.dueAt).toBe("2026-06-05T00:00:00.000Z");
    expect(again?.events).toEqual([]);
  });

  it("keeps an at-risk customer at risk for the reactivation window, then marks them inactive", () => {
    // Overdue by 4 intervals 40 days after the mark: the rhythm says inactive, the window says not yet.
    const state = regular("c-7", 4, 20, 41);
    const atRisk = applied(state, decide(state, undefined, today, options) as SweepDecision);
    const at = (n: number) => new Date(today.getTime() + n * DAY);

    const during = decide(atRisk, undefined, at(40), options);
    const end = decide(atRisk, undefined, at(44), options);

    expect(viewProfile(atRisk).lifecycleStage).toBe("at-risk");
    expect(during?.prediction.status).toBe("inactive");
    expect(during).toMatchObject({ stage: "at-risk", events: [], nextCheck: "2026-07-15" });
    expect(end?.stage).toBe("inactive");
    expect(end?.mark).toMatchObject({ stage: "inactive", at: at(44).toISOString() });
    expect(end?.events.map((e) => [e.type, (e.data as { stage: string }).stage])).toEqual([
      ["customer.churn-risk", "inactive"],
    ]);
  });

  it("marks a customer long past the inactive threshold inactive at once (no win-back of old history)", () => {
    const state = regular("c-8", 3, 20, 100);

    const d = decide(state, undefined, today, options);

    expect(d?.mark?.stage).toBe("inactive");
    expect(d?.nextCheck).toBeNull();
  });

  it("gives a one-time buyer the shop's rhythm, and nothing at all to a customer without orders", () => {
    const model = { shopIntervalDays: 20, model: "rfm-rules" } as StoredShopModel;
    const once = profileOf({ id: "c-5", orders: [{ at: daysAgo(45), amount: "10.00" }] });

    const d = decide(once, model, today, options);

    expect(d?.prediction.inputs).toMatchObject({ intervalDays: 20, intervalSource: "shop-median" });
    expect(d?.stage).toBe("at-risk");
    expect(decide({ ...once, facts: {} }, model, today, options)).toBeUndefined();
  });
});

describe("the churn sweep's decision, with a fitted BG/NBD model", () => {
  const customers = simulatedCustomers(2_000, today).map(profileOf);
  const facts = customers.map((c) => modelCustomerOf(c)?.facts).filter((f) => f !== undefined);
  const model = fitStoredModel("default", facts, customers.length, today, dayOf(today), options);

  it("fits the shop (enough repeat buyers) and stores finite parameters with the log-likelihood", () => {
    expect(model.model).toBe("bgnbd");
    expect(model.logLikelihood).toBeLessThan(0);
    expect(Object.values(model.params ?? {}).every(Number.isFinite)).toBe(true);
  });

  it("gives a one-order and a 200-order customer finite, sensible predictions", () => {
    const one = profileOf({ id: "one", orders: [{ at: daysAgo(100), amount: "30.00" }] });
    const heavy = regular("heavy", 200, 2, 1);

    const [light, loyal] = [one, heavy].map((s) => decide(s, model, today, options)?.prediction);

    for (const p of [light, loyal]) {
      const numbers = [
        p?.churnRisk,
        p?.pAlive,
        p?.overdueFactor,
        ...Object.values(p?.expectedPurchases ?? {}),
      ];
      expect(numbers.every((n) => typeof n === "number" && Number.isFinite(n))).toBe(true);
      expect(p?.clv?.amount).toMatch(/^\d+\.\d{2}$/);
      expect(p?.inputs).toHaveProperty("params");
    }
    expect(loyal?.churnRisk).toBeLessThan(light?.churnRisk ?? 0);
    expect(loyal?.expectedPurchases?.["30"]).toBeGreaterThan(5);
    expect(Number(loyal?.clv?.amount)).toBeGreaterThan(Number(light?.clv?.amount));
    expect(loyal?.status).toBe("active");
  });

  it("marks a regular who stopped buying at risk, by the model or the rhythm", () => {
    const d = decide(regular("lapsed", 10, 14, 60), model, today, options);

    expect(d?.stage).not.toBe("repeat");
    expect(d?.events[0]?.type).toBe("customer.churn-risk");
    expect(d?.prediction.explanation).toMatch(/P\(alive\)/);
  });
});
