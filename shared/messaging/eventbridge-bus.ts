import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from "@aws-sdk/client-eventbridge";
import type { BusEvent, EventBus } from "./event-bus";

export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 8, baseDelayMs: 50, maxDelayMs: 2_000 };
/** PutEvents takes at most 10 entries and 256 KB per request. */
export const MAX_ENTRIES_PER_PUT = 10;
export const MAX_BYTES_PER_PUT = 256 * 1024;

/**
 * Puts events on an EventBridge bus. PutEvents reports partial failure in its answer instead of
 * throwing, so failed entries are retried (with backoff and jitter) until each is accepted or the
 * attempts run out, which then throws: the caller answers 5xx and the shop retries.
 */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: Pick<EventBridgeClient, "send">,
    private readonly busName: string,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  async publish(events: readonly BusEvent[]): Promise<void> {
    const entries = events.map((e) => this.toEntry(e));
    for (const batch of batches(entries)) await this.putWithRetry(batch);
  }

  private toEntry(e: BusEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: e.source,
      DetailType: e.detailType,
      Detail: JSON.stringify(e.detail),
      ...(e.time ? { Time: new Date(e.time) } : {}),
    };
  }

  private async putWithRetry(batch: PutEventsRequestEntry[]): Promise<void> {
    let pending = batch;
    for (let attempt = 1; ; attempt++) {
      let failed: PutEventsRequestEntry[];
      let reason = "";
      try {
        const out = await this.client.send(new PutEventsCommand({ Entries: pending }));
        // Entries in the answer are in request order; only one with an EventId was accepted.
        failed = pending.filter((_, i) => out.Entries?.[i]?.EventId === undefined);
        reason = out.Entries?.find((e) => e.ErrorCode)?.ErrorCode ?? "";
      } catch (error) {
        if (!isRetryable(error)) throw error;
        failed = pending;
        reason = (error as Error).name;
      }
      if (failed.length === 0) return;
      if (attempt >= this.retry.attempts) {
        throw new Error(
          `EventBridge did not accept ${failed.length} event(s) after ${attempt} attempts (${reason})`,
        );
      }
      pending = failed;
      const cap = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
      await this.sleep(Math.random() * cap);
    }
  }
}

/** Splits entries into requests of at most 10 entries and 256 KB (EventBridge's entry size rules). */
export function batches(entries: PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const out: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length > 0 && (current.length === MAX_ENTRIES_PER_PUT || bytes + size > MAX_BYTES_PER_PUT)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

function entrySize(e: PutEventsRequestEntry): number {
  return (
    (e.Time ? 14 : 0) +
    Buffer.byteLength(e.Source ?? "") +
    Buffer.byteLength(e.DetailType ?? "") +
    Buffer.byteLength(e.Detail ?? "") +
    (e.Resources ?? []).reduce((n, r) => n + Buffer.byteLength(r), 0)
  );
}

function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode ?? 0;
  return (
    e.$retryable !== undefined ||
    status >= 500 ||
    status === 429 ||
    ["ThrottlingException", "InternalException", "TimeoutError"].includes(e.name ?? "")
  );
}
