import type { PutEventsCommand } from "@aws-sdk/client-eventbridge";
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH } from "../../shared/http/edge-guard";
import { signHex } from "../../shared/http/signature";
import { EventBridgeBus } from "../../shared/messaging/eventbridge-bus";
import { orderPlaced } from "../../test/support/builders";
import { RecordingBus } from "../../test/support/recording-bus";
import { createHandler } from "./handler";
import { ingestEvents } from "./ingest";

const secret = "test-secret";
const request = (body: string) => ({ rawBody: Buffer.from(body), signature: signHex(secret, body) });

function checkout(url: string) {
  return {
    id: `evt-${url.length}`,
    type: "checkout.updated",
    occurredAt: "2026-11-02T09:15:00Z",
    customer: { id: "c-1" },
    data: { checkoutId: "k-1", total: { amount: "10.00", currency: "EUR" }, completed: false, url },
  };
}

describe("POST /events with hostile content", () => {
  it("refuses a link that is not http or https, naming data.url, and publishes nothing", async () => {
    for (const url of [
      "javascript:alert(1)",
      "data:text/html,<script>x</script>",
      "vbscript:x",
      "ftp://x.example/",
    ]) {
      const bus = new RecordingBus();
      const result = await ingestEvents(request(JSON.stringify(checkout(url))), { secret, bus });
      expect([url, result.statusCode]).toEqual([url, 400]);
      expect(JSON.parse(String(result.body)).issues[0]).toEqual({
        path: "data.url",
        message: "must be an http or https URL",
      });
      expect(bus.published).toEqual([]);
    }
    for (const url of ["https://shop.example/cart?k=1", "http://shop.example/cart"]) {
      const result = await ingestEvents(request(JSON.stringify(checkout(url))), {
        secret,
        bus: new RecordingBus(),
      });
      expect(result.statusCode).toBe(202);
    }
  });

  it("refuses a batch with one event nested too deep and publishes none of it", async () => {
    const bus = new RecordingBus();
    const deep = { ...orderPlaced({ orderId: "o-2" }), type: "customer.updated", data: { x: [] as unknown } };
    let node: unknown[] = [];
    deep.data.x = node;
    for (let i = 0; i < 3000; i++) node = node[0] = [] as unknown[];
    const result = await ingestEvents(request(JSON.stringify({ events: [orderPlaced({}), deep] })), {
      secret,
      bus,
    });
    expect(result.statusCode).toBe(400);
    expect(String(result.body)).toContain(`nested deeper than ${MAX_JSON_DEPTH}`);
    expect(bus.published).toEqual([]);
  });

  it("never answers 2xx while EventBridge keeps refusing an entry of the batch", async () => {
    // Fault injection: PutEvents' partial failure (no exception) for the order o-2, every time.
    const client = {
      send: async (command: PutEventsCommand) => ({
        FailedEntryCount: 1,
        Entries: (command.input.Entries ?? []).map((e, i) =>
          e.Detail?.includes('"o-2"') ? { ErrorCode: "InternalFailure" } : { EventId: `id-${i}` },
        ),
      }),
    };
    const bus = new EventBridgeBus(
      client,
      "bus",
      { attempts: 3, baseDelayMs: 0, maxDelayMs: 0 },
      async () => {},
    );
    const handler = createHandler({ secret, bus });
    const body = JSON.stringify({ events: [orderPlaced({}), orderPlaced({ orderId: "o-2" })] });
    const result = await handler(
      {
        routeKey: "POST /events",
        rawPath: "/events",
        headers: { "x-signature": signHex(secret, body) },
        body,
        isBase64Encoded: false,
      } as never,
      { functionName: "ingest-events", awsRequestId: "r-1" } as Context,
    );
    expect(result.statusCode).toBe(500);
  });
});
