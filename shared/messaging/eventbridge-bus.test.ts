import type { PutEventsCommand, PutEventsResultEntry } from "@aws-sdk/client-eventbridge";
import { describe, expect, it } from "vitest";
import type { BusEvent } from "./event-bus";
import { batches, EventBridgeBus } from "./eventbridge-bus";

/** Fault injection: an EventBridge that rejects some entries (PutEvents' partial failure does not throw). */
function flakyEventBridge(failRate: number, seed = 1) {
  let s = seed;
  const random = () => {
    s = (s * 16807) % 2147483647;
    return (s - 1) / 2147483646;
  };
  const accepted: string[] = [];
  const requests: number[] = [];
  const client = {
    send: async (command: PutEventsCommand) => {
      const entries = command.input.Entries ?? [];
      requests.push(entries.length);
      const out: PutEventsResultEntry[] = entries.map((e) => {
        if (random() < failRate) return { ErrorCode: "ThrottlingException", ErrorMessage: "Rate exceeded" };
        accepted.push(JSON.parse(e.Detail ?? "{}").n);
        return { EventId: `id-${accepted.length}` };
      });
      return { FailedEntryCount: out.filter((o) => o.ErrorCode).length, Entries: out };
    },
  };
  return { client, accepted, requests };
}

const events = (n: number): BusEvent[] =>
  Array.from({ length: n }, (_, i) => ({
    source: "stammkunde",
    detailType: "order.placed",
    detail: { n: `e${i}` },
  }));

describe("EventBridgeBus", () => {
  it("puts at most 10 entries per request", async () => {
    const eb = flakyEventBridge(0);
    await new EventBridgeBus(eb.client as never, "bus").publish(events(25));
    expect(eb.requests).toEqual([10, 10, 5]);
  });

  it("retries only the failed entries until every one is accepted, exactly once each", async () => {
    const eb = flakyEventBridge(0.4);
    await new EventBridgeBus(eb.client as never, "bus", undefined, async () => {}).publish(events(100));
    expect(eb.accepted.sort()).toEqual(
      events(100)
        .map((e) => (e.detail as { n: string }).n)
        .sort(),
    );
    expect(new Set(eb.accepted).size).toBe(100);
  });

  it("throws when entries stay rejected, so the caller does not answer 202", async () => {
    const eb = flakyEventBridge(1);
    const bus = new EventBridgeBus(
      eb.client as never,
      "bus",
      { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
      async () => {},
    );
    await expect(bus.publish(events(3))).rejects.toThrow(/did not accept 3 event/);
  });

  it("splits by size so no request exceeds 256 KB", () => {
    const big = "x".repeat(100 * 1024);
    const entries = Array.from({ length: 5 }, () => ({ Source: "s", DetailType: "t", Detail: big }));
    expect(batches(entries).map((b) => b.length)).toEqual([2, 2, 1]);
  });
});
