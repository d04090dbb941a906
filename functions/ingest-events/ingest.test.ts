import { describe, expect, it } from "vitest";
import { signHex } from "../../shared/http/signature";
import { orderPlaced } from "../../test/support/builders";
import { RecordingBus } from "../../test/support/recording-bus";
import { ingestEvents } from "./ingest";

const secret = "test-secret";
const request = (body: string, signature = signHex(secret, body)) => ({
  rawBody: Buffer.from(body),
  signature,
});

describe("POST /events", () => {
  it("accepts one signed event and hands it to the bus", async () => {
    // given
    const bus = new RecordingBus();
    const body = JSON.stringify(orderPlaced({ id: "evt-1" }));
    // when
    const result = await ingestEvents(request(body), { secret, bus });
    // then
    expect(result.statusCode).toBe(202);
    expect(JSON.parse(result.body as string)).toEqual({ accepted: 1 });
    expect(bus.published).toHaveLength(1);
    expect(bus.published[0]).toMatchObject({ source: "stammkunde", detailType: "order.placed" });
  });

  it("accepts a batch of events", async () => {
    const bus = new RecordingBus();
    const body = JSON.stringify({ events: [orderPlaced({}), orderPlaced({ orderId: "o-2" })] });
    const result = await ingestEvents(request(body), { secret, bus });
    expect(result.statusCode).toBe(202);
    expect(bus.published).toHaveLength(2);
  });

  it("answers 400 to a signed body that is not valid UTF-8, and publishes nothing", async () => {
    const bus = new RecordingBus();
    const json = JSON.stringify(orderPlaced({ customer: { id: "c-1", firstName: "Ann" } }));
    const at = json.indexOf("Ann") + 1;
    // A lone 0xff inside a string: lenient decoding would turn it into U+FFFD and accept the event.
    const raw = Buffer.concat([
      Buffer.from(json.slice(0, at)),
      Buffer.from([0xff]),
      Buffer.from(json.slice(at)),
    ]);
    const result = await ingestEvents({ rawBody: raw, signature: signHex(secret, raw) }, { secret, bus });
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string)).toMatchObject({
      issues: [{ path: "(body)", message: "not valid UTF-8" }],
    });
    expect(bus.published).toHaveLength(0);
  });

  it("answers 401 to a missing or wrong signature and publishes nothing", async () => {
    const bus = new RecordingBus();
    const body = JSON.stringify(orderPlaced({}));
    for (const signature of [undefined, "sha256=00", signHex("other-secret", body), "garbage"]) {
      const result = await ingestEvents({ rawBody: Buffer.from(body), signature }, { secret, bus });
      expect(result.statusCode).toBe(401);
    }
    expect(bus.published).toHaveLength(0);
  });

  it("answers 400 naming the field, and publishes none of the batch", async () => {
    const bus = new RecordingBus();
    const bad = { ...orderPlaced({}), customer: { email: "not-an-email" } };
    const body = JSON.stringify({ events: [orderPlaced({}), bad] });
    const result = await ingestEvents(request(body), { secret, bus });
    expect(result.statusCode).toBe(400);
    const answer = JSON.parse(result.body as string);
    expect(answer.issues).toContainEqual({
      path: "events.1.customer.email",
      message: "must be an email address",
    });
    expect(answer.error).toMatch(/events\.1\.customer\.email/);
    expect(bus.published).toHaveLength(0);
  });

  it("names the money field that is a float instead of a decimal string", async () => {
    const event = orderPlaced({}) as unknown as { data: { total: { amount: unknown } } };
    event.data.total.amount = 129.9;
    const result = await ingestEvents(request(JSON.stringify(event)), { secret, bus: new RecordingBus() });
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).issues[0].path).toBe("data.total.amount");
  });

  it("rejects a customer with neither id nor email, an unknown type and malformed JSON", async () => {
    const noIdentity = { ...orderPlaced({}), customer: { firstName: "Anna" } };
    const unknownType = { ...orderPlaced({}), type: "order.teleported" };
    for (const body of [JSON.stringify(noIdentity), JSON.stringify(unknownType), '{"id": "x", ']) {
      const result = await ingestEvents(request(body), { secret, bus: new RecordingBus() });
      expect(result.statusCode).toBe(400);
      expect(JSON.parse(result.body as string).issues.length).toBeGreaterThan(0);
    }
  });

  it("refuses more than 100 events in one request", async () => {
    const body = JSON.stringify({
      events: Array.from({ length: 101 }, (_, i) => orderPlaced({ orderId: `o-${i}` })),
    });
    const result = await ingestEvents(request(body), { secret, bus: new RecordingBus() });
    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body as string).issues[0]).toMatchObject({ path: "events" });
  });

  it("answers 413 to a body over 256 KB before looking at it", async () => {
    const body = "x".repeat(256 * 1024 + 1);
    const result = await ingestEvents(request(body), { secret, bus: new RecordingBus() });
    expect(result.statusCode).toBe(413);
  });
});
