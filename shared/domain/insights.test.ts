import { describe, expect, it } from "vitest";
import { orderPlaced, seededRandom, shuffle } from "../../test/support/builders";
import type { CanonicalEvent } from "../events/catalog";
import type { ChurnMarkFact, PredictionFact, RfmFact } from "./insights";
import { factNames, factsOf, foldEvent, nextCheckOf, type ProfileState } from "./profile";
import { viewProfile } from "./profile-view";

function foldAll(events: readonly CanonicalEvent[]): ProfileState {
  let state: ProfileState | undefined;
  for (const e of events) state = foldEvent(state, e).state;
  if (!state) throw new Error("no events");
  return state;
}

const message = (
  type: "message.delivered" | "message.opened" | "message.clicked",
  at: string,
  id = `${type}-${at}`,
): CanonicalEvent => ({ id, shop: "default", type, occurredAt: at, customer: { id: "c-42" }, data: {} });

describe("engagement on the profile", () => {
  it("keeps the latest delivered, opened and clicked time whatever the order of arrival", () => {
    const events = [
      orderPlaced({ at: "2026-01-01T10:00:00.000Z" }),
      message("message.delivered", "2026-02-01T10:00:00.000Z"),
      message("message.delivered", "2026-03-01T10:00:00.000Z"),
      message("message.opened", "2026-03-02T10:00:00.000Z"),
      message("message.opened", "2026-02-02T10:00:00.000Z"),
      message("message.clicked", "2026-02-03T10:00:00.000Z"),
    ];
    const random = seededRandom(7);
    for (let i = 0; i < 20; i++) {
      expect(viewProfile(foldAll(shuffle(events, random))).engagement).toEqual({
        lastDeliveredAt: "2026-03-01T10:00:00.000Z",
        lastOpenAt: "2026-03-02T10:00:00.000Z",
        lastClickAt: "2026-02-03T10:00:00.000Z",
      });
    }
  });

  it("reports an older open as no change", () => {
    const state = foldAll([message("message.opened", "2026-03-02T10:00:00.000Z")]);
    expect(foldEvent(state, message("message.opened", "2026-03-01T10:00:00.000Z")).changed).toBe(false);
  });
});

describe("the next churn check", () => {
  it("is set by an order, two weeks after its day, in the fast path's facts too", () => {
    const order = orderPlaced({ at: "2026-03-10T23:30:00.000Z" });
    expect(nextCheckOf(factsOf(order))).toEqual({ day: "2026-03-24", orderAt: "2026-03-10T23:30:00.000Z" });
    expect(foldAll([order]).nextCheck).toBe("2026-03-24");
    expect(nextCheckOf(factsOf(message("message.opened", "2026-03-10T10:00:00.000Z")))).toBeUndefined();
  });

  it("follows the newest order; an older order delivered late keeps the schedule", () => {
    const newer = orderPlaced({ orderId: "o-2", at: "2026-05-01T10:00:00.000Z" });
    const older = orderPlaced({ orderId: "o-1", at: "2026-03-01T10:00:00.000Z" });
    const rescheduled = { ...foldAll([newer]), nextCheck: "2026-06-20" };

    expect(foldAll([older, newer]).nextCheck).toBe("2026-05-15");
    expect(foldAll([newer, older]).nextCheck).toBe("2026-05-15");
    expect(foldEvent(rescheduled, older).state.nextCheck).toBe("2026-06-20");
  });
});

describe("predictions and churn marks on the profile", () => {
  const base = foldAll([
    orderPlaced({ orderId: "o-1", at: "2026-01-01T10:00:00.000Z" }),
    orderPlaced({ orderId: "o-2", at: "2026-02-01T10:00:00.000Z" }),
  ]);
  const mark: ChurnMarkFact = {
    stage: "at-risk",
    at: "2026-05-01T04:00:00.000Z",
    s: "2026-05-01T04:00:00.000Z|churn-sweep",
  };

  it("shows no predictions before the first model run", () => {
    expect(viewProfile(base).predictions).toBeNull();
  });

  it("shows the sweep's stage until the customer orders again", () => {
    const marked = { ...base, facts: { ...base.facts, [factNames.churnMark]: mark } };
    expect(viewProfile(marked).lifecycleStage).toBe("at-risk");

    const ordered = foldEvent(marked, orderPlaced({ orderId: "o-3", at: "2026-05-02T10:00:00.000Z" })).state;
    expect(viewProfile(ordered).lifecycleStage).toBe("repeat");
  });

  it("shows the latest prediction with its inputs and the RFM segment for campaign conditions", () => {
    const prediction = {
      s: "x|fit-model",
      at: "2026-05-01T02:00:00.000Z",
      by: "fit-model",
      model: "rfm-rules",
      status: "at-risk",
      churnRisk: null,
      overdueFactor: 2.5,
      pAlive: null,
      expectedPurchases: null,
      expectedNextOrderAt: "2026-03-03T00:00:00.000Z",
      nextOrderDueAt: "2026-03-03T00:00:00.000Z",
      clv: null,
      expectedOrderValue: null,
      inputs: { intervalDays: 31 },
      explanation: "orders every 31 days",
    } satisfies PredictionFact;
    const rfm = {
      s: "x|fit-model",
      at: "2026-05-01T02:00:00.000Z",
      recency: 2,
      frequency: 4,
      monetary: 4,
      segment: "at risk",
      abc: "A",
      inputs: { orders: 2 },
    } satisfies RfmFact;
    const state = {
      ...base,
      facts: { ...base.facts, [factNames.prediction]: prediction, [factNames.rfm]: rfm },
    };

    expect(viewProfile(state).predictions).toMatchObject({
      model: "rfm-rules",
      status: "at-risk",
      segment: "at risk",
      abc: "A",
      rfm: { recency: 2, frequency: 4, monetary: 4 },
      inputs: { intervalDays: 31 },
      explanation: "orders every 31 days",
      evaluatedBy: "fit-model",
    });
  });
});
