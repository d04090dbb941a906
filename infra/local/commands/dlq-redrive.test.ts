import { describe, expect, it } from "vitest";
import {
  type BusPort,
  type DlqMessage,
  type DlqPort,
  type EventEntry,
  redriveQueue,
  toEntry,
} from "./dlq-redrive";

const event = (n: number, source = "stammkunde") =>
  JSON.stringify({
    version: "0",
    id: `eb-${n}`,
    "detail-type": "order.placed",
    source,
    time: "2026-11-02T09:15:00Z",
    resources: [],
    detail: { id: `evt-${n}`, type: "order.placed" },
  });

/** An in-memory DLQ: received messages stay until deleted, like SQS within one run. */
class FakeQueue implements DlqPort {
  messages: DlqMessage[];
  deleted: string[] = [];
  moveTasks: string[] = [];
  constructor(
    bodies: string[],
    private readonly sources: string[] = [],
  ) {
    this.messages = bodies.map((body, i) => ({ id: `m-${i}`, receiptHandle: `r-${i}`, body }));
  }
  async sourceQueues() {
    return this.sources;
  }
  async startMoveTask(queueUrl: string) {
    this.moveTasks.push(queueUrl);
    return "task-1";
  }
  async receive(_url: string, max: number) {
    return this.messages.slice(0, max);
  }
  async delete(_url: string, receiptHandle: string) {
    this.deleted.push(receiptHandle);
    this.messages = this.messages.filter((m) => m.receiptHandle !== receiptHandle);
  }
  async release() {}
}

class FakeBus implements BusPort {
  put_: EventEntry[] = [];
  constructor(private readonly fault?: (entry: EventEntry, n: number) => string | "throw" | undefined) {}
  async put(entries: readonly EventEntry[]) {
    const results = entries.map((e, i) => this.fault?.(e, this.put_.length + i));
    if (results.includes("throw")) throw new Error("EventBridge unavailable");
    this.put_.push(...entries.filter((_, i) => results[i] === undefined));
    return results;
  }
}

const quiet = { max: 1000, dryRun: false, log: () => {} };

describe("redriveQueue", () => {
  it("puts every event back on the bus and deletes it only then", async () => {
    const queue = new FakeQueue(Array.from({ length: 23 }, (_, i) => event(i)));
    const bus = new FakeBus();
    const result = await redriveQueue("dlq", queue, bus, quiet);
    expect(result).toMatchObject({ mode: "put-events", moved: 23, left: 0 });
    expect(bus.put_.map((e) => JSON.parse(e.detail).id)).toContain("evt-22");
    expect(queue.messages).toHaveLength(0);
  });

  it("deletes nothing when the put fails", async () => {
    const queue = new FakeQueue([event(1), event(2)]);
    await expect(redriveQueue("dlq", queue, new FakeBus(() => "throw"), quiet)).rejects.toThrow(
      "unavailable",
    );
    expect(queue.deleted).toEqual([]);
  });

  it("keeps an entry the bus rejected and deletes the accepted ones", async () => {
    const queue = new FakeQueue([event(1), event(2), event(3)]);
    const bus = new FakeBus((_e, n) => (n === 1 ? "InternalFailure" : undefined));
    const result = await redriveQueue("dlq", queue, bus, quiet);
    expect(result).toMatchObject({ moved: 2, left: 1 });
    expect(queue.messages.map((m) => m.id)).toEqual(["m-1"]);
  });

  it("leaves AWS-sourced and unreadable messages in the queue", async () => {
    const queue = new FakeQueue([event(1, "aws.ses"), "not json", event(2)]);
    const result = await redriveQueue("dlq", queue, new FakeBus(), quiet);
    expect(result).toMatchObject({ moved: 1, left: 2 });
    expect(queue.messages).toHaveLength(2);
  });

  it("moves and deletes nothing in a dry run", async () => {
    const queue = new FakeQueue([event(1), event(2)]);
    const bus = new FakeBus();
    const lines: string[] = [];
    await redriveQueue("dlq", queue, bus, { ...quiet, dryRun: true, log: (l) => lines.push(l) });
    expect(bus.put_).toEqual([]);
    expect(queue.deleted).toEqual([]);
    expect(lines).toHaveLength(2);
  });

  it("stops at --max", async () => {
    const queue = new FakeQueue(Array.from({ length: 15 }, (_, i) => event(i)));
    expect((await redriveQueue("dlq", queue, new FakeBus(), { ...quiet, max: 12 })).moved).toBe(12);
    expect(queue.messages).toHaveLength(3);
  });

  it("lets SQS move a queue's own dead letters back with a message move task", async () => {
    const queue = new FakeQueue([event(1)], ["arn:aws:sqs:eu-central-1:1:source"]);
    const bus = new FakeBus();
    expect(await redriveQueue("dlq", queue, bus, quiet)).toMatchObject({
      mode: "move-task",
      taskHandle: "task-1",
    });
    expect(bus.put_).toEqual([]);
  });
});

describe("toEntry", () => {
  it("keeps source, detail type, detail and time of the original event", () => {
    expect(toEntry(event(7))).toEqual({
      source: "stammkunde",
      detailType: "order.placed",
      detail: JSON.stringify({ id: "evt-7", type: "order.placed" }),
      time: new Date("2026-11-02T09:15:00Z"),
    });
  });
});
