/**
 * Moving dead-lettered messages back, safely. Two kinds of DLQ:
 * - a queue's redrive target (its messages came from another queue): SQS itself moves them back
 *   with a message move task;
 * - an EventBridge rule target's or a Lambda's async DLQ (all of ours): the message body is the
 *   original EventBridge event, which goes back on the bus with PutEvents. A message is deleted
 *   only after its own entry was accepted, so a failed put loses nothing; re-putting reaches every
 *   matching rule again, which the consumers' idempotency (event ids, conditional writes) makes
 *   harmless.
 */

export interface DlqMessage {
  id: string;
  receiptHandle: string;
  body: string;
}

export interface EventEntry {
  source: string;
  detailType: string;
  detail: string;
  time?: Date;
  resources?: string[];
}

/** The SQS calls redrive needs (the CLI adapts the SDK client; tests inject faults). */
export interface DlqPort {
  sourceQueues(queueUrl: string): Promise<string[]>;
  startMoveTask(queueUrl: string, maxPerSecond?: number): Promise<string>;
  receive(queueUrl: string, max: number): Promise<DlqMessage[]>;
  delete(queueUrl: string, receiptHandle: string): Promise<void>;
  /** Makes a message visible again at once (dry run, or a message we leave in place). */
  release(queueUrl: string, receiptHandle: string): Promise<void>;
}

export interface BusPort {
  /** Puts up to 10 entries; returns, per entry, an error code or undefined when it was accepted. */
  put(entries: readonly EventEntry[]): Promise<(string | undefined)[]>;
}

export interface RedriveOptions {
  max: number;
  dryRun: boolean;
  log: (line: string) => void;
}

export interface RedriveResult {
  mode: "move-task" | "put-events";
  moved: number;
  /** Left in the queue: not an event we can put back (AWS sources, bad JSON) or a rejected put. */
  left: number;
  taskHandle?: string;
}

/** Events from AWS services (SES, schedules) cannot be put by us: PutEvents rejects `aws.*` sources. */
export function toEntry(body: string): EventEntry | string {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return "body is not JSON";
  }
  const source = event.source;
  const detailType = event["detail-type"];
  if (typeof source !== "string" || typeof detailType !== "string" || typeof event.detail !== "object")
    return "not an EventBridge event (source, detail-type, detail)";
  if (source.startsWith("aws."))
    return `source ${source} cannot be re-put; the next scheduled run or replay covers it`;
  const time = typeof event.time === "string" ? new Date(event.time) : undefined;
  return {
    source,
    detailType,
    detail: JSON.stringify(event.detail),
    ...(time && !Number.isNaN(time.getTime()) ? { time } : {}),
    ...(Array.isArray(event.resources) && event.resources.length
      ? { resources: event.resources as string[] }
      : {}),
  };
}

export async function redriveQueue(
  queueUrl: string,
  sqs: DlqPort,
  bus: BusPort,
  options: RedriveOptions,
): Promise<RedriveResult> {
  const sources = await sqs.sourceQueues(queueUrl);
  if (sources.length > 0) {
    if (options.dryRun) {
      options.log(`${queueUrl}: would start a message move task back to ${sources.join(", ")}`);
      return { mode: "move-task", moved: 0, left: 0 };
    }
    const taskHandle = await sqs.startMoveTask(queueUrl);
    options.log(`${queueUrl}: message move task started (${taskHandle})`);
    return { mode: "move-task", moved: 0, left: 0, taskHandle };
  }

  const seen = new Set<string>();
  let moved = 0;
  let left = 0;
  while (moved < options.max) {
    const batch = (await sqs.receive(queueUrl, Math.min(10, options.max - moved))).filter(
      (m) => !seen.has(m.id),
    );
    if (batch.length === 0) break;
    const putable: { message: DlqMessage; entry: EventEntry }[] = [];
    for (const message of batch) {
      seen.add(message.id);
      const entry = toEntry(message.body);
      if (typeof entry === "string") {
        options.log(`${message.id}: left in the queue: ${entry}`);
        left++;
        continue;
      }
      if (options.dryRun) {
        options.log(`${message.id}: would put ${entry.detailType} from ${entry.source} back on the bus`);
        await sqs.release(queueUrl, message.receiptHandle);
        continue;
      }
      putable.push({ message, entry });
    }
    if (putable.length === 0) continue;
    // A put that throws deletes nothing: the messages reappear after their visibility timeout.
    const errors = await bus.put(putable.map((p) => p.entry));
    for (const [i, { message }] of putable.entries()) {
      const error = errors[i];
      if (error === undefined) {
        await sqs.delete(queueUrl, message.receiptHandle);
        moved++;
      } else {
        options.log(`${message.id}: put rejected (${error}); left in the queue`);
        left++;
      }
    }
  }
  return { mode: "put-events", moved, left };
}
