import { describe, expect, it } from "vitest";
import { CanonicalEvent } from "../events/catalog";
import { zodIssues } from "./responses";

const order = (data: Record<string, unknown>) => ({
  id: "e-1",
  type: "order.placed",
  occurredAt: "2026-11-02T09:15:00Z",
  customer: { id: "c-42" },
  data,
});
const issuesOf = (body: unknown) => {
  const parsed = CanonicalEvent.safeParse(body);
  if (parsed.success) throw new Error("expected a bad body");
  return zodIssues(parsed.error);
};

describe("validation messages", () => {
  it("says required for a missing field", () => {
    expect(issuesOf(order({ total: { amount: "1.00", currency: "EUR" }, items: [] }))).toEqual([
      { path: "data.orderId", message: "required" },
    ]);
    const { id: _, ...noId } = order({});
    expect(issuesOf(noId)).toContainEqual({ path: "id", message: "required" });
  });

  it("asks for a decimal string when an amount is a number", () => {
    expect(issuesOf(order({ orderId: "o-1", total: { amount: 129.9, currency: "EUR" }, items: [] }))).toEqual(
      [
        {
          path: "data.total.amount",
          message: 'must be a decimal string such as "129.90", not a number (floating point loses cents)',
        },
      ],
    );
  });

  it("names the known types for an unknown one", () => {
    const [issue] = issuesOf({ ...order({}), type: "order.create" });
    expect(issue?.path).toBe("type");
    expect(issue?.message).toMatch(/^unknown; must be one of "customer\.registered", /);
    expect(issue?.message).toContain('"order.placed"');
  });
});
