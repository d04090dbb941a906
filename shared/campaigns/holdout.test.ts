import { describe, expect, it } from "vitest";
import { DEFAULT_HOLDOUT, holdoutShare, inHoldout } from "./holdout";

const customers = Array.from({ length: 1000 }, (_, i) => `id:c-${i}`);

describe("holdout assignment", () => {
  it("puts about 10 % of customers in the control group by default", () => {
    const control = customers.filter((c) => inHoldout("winback", c, DEFAULT_HOLDOUT)).length;
    // Binomial(1000, 0.1): sd 9.5, so 70..130 is more than three standard deviations.
    expect(control).toBeGreaterThan(70);
    expect(control).toBeLessThan(130);
  });

  it("assigns the same customer to the same group every time", () => {
    const first = customers.map((c) => inHoldout("winback", c, 0.1));
    const again = customers.map((c) => inHoldout("winback", c, 0.1));
    expect(again).toEqual(first);
  });

  it("draws independent groups for different campaigns", () => {
    const a = customers.filter((c) => inHoldout("winback", c, 0.5));
    const b = new Set(customers.filter((c) => inHoldout("repeat-buyer-thanks", c, 0.5)));
    const both = a.filter((c) => b.has(c)).length;
    expect(both).toBeGreaterThan(180);
    expect(both).toBeLessThan(320);
  });

  it("holds nobody back at a share of 0", () => {
    expect(customers.some((c) => inHoldout("winback", c, 0))).toBe(false);
  });

  it("never holds back transactional mail and lets an override win over the definition", () => {
    expect(holdoutShare({ priority: "transactional", holdout: 0.3 })).toBe(0);
    expect(holdoutShare({ priority: "lifecycle", holdout: 0.3 }, 0)).toBe(0);
    expect(holdoutShare({ priority: "lifecycle", holdout: 0.3 })).toBe(0.3);
    expect(holdoutShare({ priority: "promotional" })).toBe(DEFAULT_HOLDOUT);
  });
});
