import { describe, expect, it } from "vitest";
import type { Route } from "../../shared/events/routing";
import { HOSTILE, LocalBus } from "./local-bus";

const routes: Route[] = [
  {
    name: "a",
    target: "apply-shop-event",
    bus: "custom",
    pattern: { source: ["stammkunde"] },
    description: "a",
  },
  {
    name: "b",
    target: "track-journeys",
    bus: "custom",
    pattern: { source: ["stammkunde"] },
    description: "b",
  },
] as unknown as Route[];

async function deliveries(hostile: boolean, events: number) {
  const seen: { target: string; id: string }[] = [];
  const bus = new LocalBus(
    async (target, event) => {
      seen.push({ target, id: (event.detail as { id: string }).id });
    },
    { routes, ...(hostile ? { hostile: HOSTILE } : {}) },
  );
  await bus.publish(
    Array.from({ length: events }, (_, n) => ({
      source: "stammkunde",
      detailType: "t",
      detail: { id: `e-${n}` },
    })),
  );
  await bus.idle();
  return seen;
}

describe("the local bus", () => {
  it("delivers each event once to every matching route when calm", async () => {
    const seen = await deliveries(false, 50);
    expect(seen).toHaveLength(100);
    expect(new Set(seen.map((s) => `${s.target}/${s.id}`)).size).toBe(100);
  });

  it("in hostile mode delivers every event to every route at least once, some twice with the same id, out of order", async () => {
    const seen = await deliveries(true, 200);
    const distinct = new Set(seen.map((s) => `${s.target}/${s.id}`));
    expect(distinct.size).toBe(400);
    expect(seen.length).toBeGreaterThan(400);
    const order = seen.filter((s) => s.target === "track-journeys").map((s) => Number(s.id.slice(2)));
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
  });
});
