import { describe, expect, it } from "vitest";
import { sampleGamma, seededRandom, simulateBgnbd } from "../../test/support/simulate-bgnbd";
import type { CustomerFacts } from "./facts";
import { fitShopModel, type ModelPrediction, predictCustomers } from "./model";

const today = 20_000;

/** A shop of simulated customers (in days) turned into profile-style facts, with Gamma-Gamma spend. */
function simulatedShop(customers: number): CustomerFacts[] {
  const rand = seededRandom(9);
  return simulateBgnbd(
    { r: 0.25, alpha: 30, a: 0.8, b: 2.5 },
    { customers, seed: 5, observedFor: (r) => 30 + 335 * r(), wholeDays: true },
  ).map((s, i) => {
    const nu = sampleGamma(rand, 4, 150);
    const orders = Array.from({ length: s.x + 1 }, () => sampleGamma(rand, 6, nu));
    return {
      customerId: `c${i}`,
      firstOrderDay: today - s.T,
      lastOrderDay: today - s.T + s.tx,
      orders: s.x + 1,
      revenue: orders.reduce((a, b) => a + b, 0),
      firstOrderValue: orders[0]!,
    };
  });
}

describe("the shop model", () => {
  const shop = simulatedShop(5_000);
  const model = fitShopModel(shop, today);

  it("fits BG/NBD and Gamma-Gamma when the shop has enough repeat buyers", () => {
    expect(model.model).toBe("bgnbd");
    if (model.model !== "bgnbd") return;
    expect(model.fit.boundary).toBe(false);
    expect(model.spend.usable).toBe(true);
  });

  it("gives a one-time buyer and a 200-order customer finite, sensible predictions with their reasons", () => {
    const oneOrder: CustomerFacts = {
      customerId: "one",
      firstOrderDay: today - 100,
      lastOrderDay: today - 100,
      orders: 1,
      revenue: 30,
      firstOrderValue: 30,
    };
    const heavy: CustomerFacts = {
      customerId: "heavy",
      firstOrderDay: today - 400,
      lastOrderDay: today - 2,
      orders: 200,
      revenue: 8000,
      firstOrderValue: 40,
    };
    const [light, loyal] = predictCustomers(model, [oneOrder, heavy]) as ModelPrediction[];
    for (const p of [light, loyal]) {
      expect(p).toBeDefined();
      const numbers = [
        p!.churnRisk,
        p!.pAlive,
        p!.clv ?? Number.NaN,
        p!.expectedNextOrderDay,
        ...p!.expectedPurchases.map((e) => e.expected),
      ];
      expect(numbers.every(Number.isFinite)).toBe(true);
      expect(p!.explanation).toMatch(/P\(alive\)/);
    }
    expect(loyal!.churnRisk).toBeLessThan(light!.churnRisk);
    expect(loyal!.expectedPurchases.find((e) => e.days === 90)!.expected).toBeGreaterThan(20);
    expect(loyal!.clv!).toBeGreaterThan(light!.clv!);
    expect(loyal!.expectedNextOrderDay).toBeLessThan(today + 10);
    expect(loyal!.inputs).toMatchObject({ x: 199, daysSinceLastOrder: 2, intervalSource: "own" });
    expect(light!.inputs.intervalSource).toBe("shop-median");
  });

  it("marks a lapsed regular at risk and a fresh regular active", () => {
    const regular = (lastAgo: number): CustomerFacts => ({
      customerId: `r${lastAgo}`,
      firstOrderDay: today - lastAgo - 200,
      lastOrderDay: today - lastAgo,
      orders: 11,
      revenue: 440,
      firstOrderValue: 40,
    });
    const [fresh, lapsed] = predictCustomers(model, [regular(3), regular(150)]) as ModelPrediction[];
    expect(fresh!.status).toBe("active");
    expect(lapsed!.status).not.toBe("active");
  });
});
