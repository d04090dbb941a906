import { describe, expect, it } from "vitest";
import type { CustomerFacts } from "./facts";
import { fitShopModel, predictCustomers } from "./model";
import { abcClasses, quintileScores, type RfmSegment, scoreRfm, segmentOf } from "./rfm";
import { rfmRules } from "./rfm-rules";

const today = 20_000;

function customer(
  id: string,
  orders: number,
  firstAgo: number,
  lastAgo: number,
  revenue = 50 * orders,
): CustomerFacts {
  return {
    customerId: id,
    firstOrderDay: today - firstAgo,
    lastOrderDay: today - lastAgo,
    orders,
    revenue,
    firstOrderValue: revenue / orders,
  };
}

describe("RFM scores and segments", () => {
  it("splits distinct values into five equal quintiles", () => {
    expect(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3]);
  });

  it("gives tied values one score", () => {
    const scores = quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 4, 5]);
    expect(new Set(scores.slice(0, 6)).size).toBe(1);
  });

  it("names every combination of scores with one of the seven segments", () => {
    const names = new Set<RfmSegment>();
    for (let r = 1; r <= 5; r++)
      for (let f = 1; f <= 5; f++) for (let m = 1; m <= 5; m++) names.add(segmentOf(r, f, m));
    expect([...names].sort()).toEqual(
      ["at risk", "champions", "hibernating", "lost", "loyal", "needs attention", "promising"].sort(),
    );
    expect(segmentOf(5, 5, 5)).toBe("champions");
    expect(segmentOf(1, 5, 5)).toBe("at risk");
    expect(segmentOf(1, 1, 1)).toBe("lost");
  });

  it("classes the customers making the first 80 % of revenue A, the next 15 % B, the rest C", () => {
    // Shares 50, 25, 10, 8, 5, 2 %: cumulative 50, 75, 85 (crosses 80: still A), 93, 98 (crosses 95:
    // still B), 100.
    const { abc } = abcClasses([25, 50, 10, 8, 5, 2]);
    expect(abc).toEqual(["A", "A", "A", "B", "B", "C"]);
  });

  it("scores a shop and explains each score with its inputs", () => {
    const shop = [customer("a", 10, 300, 5), customer("b", 1, 200, 200), customer("c", 3, 100, 40)];
    const scores = scoreRfm(shop, today);
    expect(scores.find((s) => s.customerId === "a")?.segment).toBe("champions");
    expect(scores.find((s) => s.customerId === "b")?.inputs.daysSinceLastOrder).toBe(200);
  });
});

describe("rule-based flags for small shops", () => {
  // 30 customers: 10 regulars on a 30-day rhythm (6 orders over 150 days), 20 one-time buyers.
  const regulars = Array.from({ length: 10 }, (_, i) => customer(`r${i}`, 6, 150 + i * 10, i * 10));
  const oneTimers = Array.from({ length: 20 }, (_, i) => customer(`o${i}`, 1, i * 10, i * 10));
  const shop = [...regulars, ...oneTimers];

  it("flags customers from their own rhythm, one-time buyers from the shop's", () => {
    const flags = rfmRules(shop, today);
    const byId = new Map(flags.map((f) => [f.customerId, f]));
    expect(byId.get("r0")?.status).toBe("active");
    expect(byId.get("r9")?.status).toBe("at-risk"); // 90 days against a 30-day rhythm
    expect(byId.get("r9")?.inputs.intervalSource).toBe("own");
    expect(byId.get("o19")?.inputs.intervalSource).toBe("shop-median");
    expect(byId.get("o19")?.status).toBe("inactive");
    expect(byId.get("o19")?.explanation).toMatch(/one order/);
  });

  it("falls back to rules instead of fitting, and says why", () => {
    const model = fitShopModel(shop, today);
    expect(model.model).toBe("rfm-rules");
    expect(model.model === "rfm-rules" && model.reason).toMatch(/10 customers with a repeat purchase/);
    const predictions = predictCustomers(model, shop);
    expect(predictions).toHaveLength(30);
    expect(predictions.every((p) => p.model === "rfm-rules" && Number.isFinite(p.expectedNextOrderDay))).toBe(
      true,
    );
  });

  it("copes with a shop where nobody has ordered twice", () => {
    const flags = rfmRules([customer("x", 1, 400, 400)], today);
    expect(flags[0]?.inputs.intervalSource).toBe("default");
    expect(flags[0]?.status).toBe("inactive");
  });
});
