import { describe, expect, it } from "vitest";
import { addDecimal, compareDecimal, normaliseDecimal, subDecimal, sumDecimals } from "./money";

describe("decimal money", () => {
  it("adds without float error", () => {
    expect(addDecimal("0.1", "0.2")).toBe("0.30");
    expect(sumDecimals(Array.from({ length: 1000 }, () => "0.01"))).toBe("10.00");
  });

  it("subtracts into negatives and back", () => {
    expect(subDecimal("10.00", "129.90")).toBe("-119.90");
    expect(addDecimal("-119.90", "119.90")).toBe("0.00");
  });

  it("keeps sub-cent precision when an amount has it", () => {
    expect(addDecimal("1.005", "2")).toBe("3.005");
    expect(normaliseDecimal("12.500")).toBe("12.50");
  });

  it("compares across scales", () => {
    expect(compareDecimal("10", "10.00")).toBe(0);
    expect(compareDecimal("9.999", "10")).toBe(-1);
    expect(compareDecimal("-1", "-2")).toBe(1);
  });

  it("handles amounts beyond 2^53 exactly", () => {
    expect(addDecimal("90071992547409.93", "0.01")).toBe("90071992547409.94");
  });

  it("rejects what is not a decimal", () => {
    expect(() => addDecimal("1e5", "1")).toThrow(/not a decimal/);
  });
});
