import type { Request } from "@middy/core";
import { describe, expect, it } from "vitest";
import { captureOutput } from "../../test/support/capture-output";
import { ENGINE_METRICS } from "../campaigns/delivery-metrics";
import type { JourneyInstance } from "../persistence/journey-store";
import { createEngineMetrics, deliveryMetrics, publishMetrics } from "./engine-metrics";

const ACCEPTED = Date.parse("2026-11-02T10:00:05.000Z");

function instance(over: Partial<JourneyInstance>): JourneyInstance {
  return {
    shop: "default",
    customerKey: "id:c-42",
    campaignId: "order-confirmation",
    key: "o-1",
    status: "sending",
    priority: "transactional",
    triggerEventId: "evt-1",
    triggeredAt: "2026-11-02T10:00:00.000Z",
    firstDueAt: "2026-11-02T10:00:00.000Z",
    dueAt: "2026-11-02T10:00:00.000Z",
    trigger: { type: "order.placed", data: {} },
    attempts: 1,
    ledger: [],
    ...over,
  };
}

/** Runs `record` and the middleware's end of invocation; returns the EMF documents written to stdout. */
async function emitted(record: (observer: ReturnType<typeof deliveryMetrics>) => void) {
  const metrics = createEngineMetrics();
  const output = captureOutput();
  try {
    record(deliveryMetrics(metrics, () => ACCEPTED));
    await publishMetrics(metrics).after?.({} as Request);
  } finally {
    output.restore();
  }
  return output
    .lines()
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((doc) => "_aws" in doc);
}

describe("the campaign engine's EMF metrics", () => {
  it("emits trigger-to-send and due-to-send in milliseconds for a campaign that sends at once", async () => {
    const docs = await emitted((observer) => {
      observer.sent(instance({}), { wait: { kind: "none" } });
    });

    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc).toMatchObject({
      service: ENGINE_METRICS.service,
      TriggerToSend: 5000,
      DueToSend: 5000,
      _aws: {
        CloudWatchMetrics: [
          {
            Namespace: "Stammkunde",
            Dimensions: [["service"]],
            Metrics: expect.arrayContaining([
              { Name: "TriggerToSend", Unit: "Milliseconds" },
              { Name: "DueToSend", Unit: "Milliseconds" },
            ]),
          },
        ],
      },
    });
  });

  it("emits only due-to-send for a campaign that waits: its trigger-to-send would be the wait", async () => {
    const docs = await emitted((observer) => {
      // Triggered two days ago, due (after a deferral) 90 s before SES accepted it.
      const waited = instance({ triggeredAt: "2026-10-31T10:00:00.000Z", dueAt: "2026-11-02T09:58:35.000Z" });
      observer.sent(waited, { wait: { kind: "delay", duration: "P2D" } });
      observer.sent(instance({ dueAt: "2026-11-02T10:00:04.000Z" }), {
        wait: { kind: "delay", duration: "P2D" },
      });
    });

    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ DueToSend: [90_000, 1000] });
    expect(docs[0]).not.toHaveProperty("TriggerToSend");
  });

  it("never reports a negative latency when the shop's clock runs ahead of ours", async () => {
    const docs = await emitted((observer) => {
      observer.sent(
        instance({ triggeredAt: "2026-11-02T10:01:00.000Z", dueAt: "2026-11-02T10:01:00.000Z" }),
        {
          wait: { kind: "none" },
        },
      );
    });

    expect(docs[0]).toMatchObject({ TriggerToSend: 0, DueToSend: 0 });
  });

  it("counts the messages the circuit breaker held back, deferred and expired", async () => {
    const docs = await emitted((observer) => {
      observer.breakerHeld("deferred");
      observer.breakerHeld("deferred");
      observer.breakerHeld("expired");
    });

    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ BreakerDeferred: [1, 1], BreakerExpired: 1 });
    expect(JSON.stringify(docs[0])).toContain('{"Name":"BreakerDeferred","Unit":"Count"}');
  });

  it("writes nothing at all for an invocation that recorded nothing (no warning line either)", async () => {
    const metrics = createEngineMetrics();
    const output = captureOutput();
    try {
      await publishMetrics(metrics).after?.({} as Request);
      await publishMetrics(metrics).onError?.({} as Request);
    } finally {
      output.restore();
    }

    expect(output.lines()).toEqual([]);
  });
});
