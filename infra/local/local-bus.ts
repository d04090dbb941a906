import { randomUUID } from "node:crypto";
import type { EventBridgeEvent } from "aws-lambda";
import { type FunctionId, ROUTES, type Route } from "../../shared/events/routing";
import type { BusEvent, EventBus } from "../../shared/messaging/event-bus";
import { matchesPattern } from "./event-pattern";

export type Invoke = (target: FunctionId, event: EventBridgeEvent<string, unknown>) => Promise<unknown>;

export interface DeadLetter {
  route: string;
  event: EventBridgeEvent<string, unknown>;
  error: string;
  attempts: number;
}

export interface LocalBusOptions {
  /** Attempts per delivery: Lambda's asynchronous invocation tries 3 times (1 + 2 retries). */
  attempts?: number;
  /** Base of the exponential backoff between attempts (AWS waits about 1 and 2 minutes; locally much less). */
  retryDelayMs?: number;
  /** Up to this many ms of random delay before each delivery, so deliveries overtake each other as in AWS. */
  jitterMs?: number;
  routes?: readonly Route[];
  /** Deliveries running at once, like a function's reserved concurrency; the rest wait in order of arrival. */
  concurrency?: number;
  /**
   * The hostile mode: what EventBridge and Scheduler allow, all at once. Every delivery waits a
   * random delay up to `maxDelayMs` (so deliveries of one request overtake each other across
   * routes), a share `duplicates` of deliveries arrives twice (at least once: the same event id),
   * and the host fires every scheduled job twice at the same time.
   */
  hostile?: HostileOptions;
}

export interface HostileOptions {
  maxDelayMs: number;
  duplicates: number;
}

export const HOSTILE: HostileOptions = { maxDelayMs: 40, duplicates: 0.5 };

/**
 * EventBridge for the local host. Routes each event with the same routing table and patterns the
 * CDK rules are built from, and delivers it asynchronously, with retries and a dead-letter list,
 * and in no guaranteed order: what breaks under AWS's delivery semantics breaks here too. Each
 * matching route gets its own delivery, concurrently (a profile writer and the campaign tracker
 * see the same event at the same time); the hostile mode adds duplicates and longer delays.
 */
export class LocalBus implements EventBus {
  readonly deadLetters: DeadLetter[] = [];
  private inFlight = new Set<Promise<void>>();
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly jitterMs: number;
  private readonly routes: readonly Route[];
  private readonly concurrency: number;
  readonly hostile: HostileOptions | undefined;
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly invoke: Invoke,
    options: LocalBusOptions = {},
  ) {
    this.attempts = options.attempts ?? 3;
    this.retryDelayMs = options.retryDelayMs ?? 50;
    this.jitterMs = options.jitterMs ?? 5;
    this.routes = options.routes ?? ROUTES;
    this.concurrency = options.concurrency ?? 16;
    this.hostile = options.hostile;
  }

  /** Our own events go to the custom bus. */
  async publish(events: readonly BusEvent[]): Promise<void> {
    this.putAll("custom", events);
  }

  /** Events from AWS services (SES) arrive on the account's default bus. */
  async publishToDefaultBus(events: readonly BusEvent[]): Promise<void> {
    this.putAll("default", events);
  }

  /** Every event is routed before any is delivered: one that cannot be routed fails the whole put. */
  private putAll(bus: Route["bus"], events: readonly BusEvent[]): void {
    const routed = events.map((e) => this.route(bus, e));
    for (const [envelope, routes] of routed)
      for (const route of routes) {
        const copies = this.hostile && Math.random() < this.hostile.duplicates ? 2 : 1;
        for (let n = 0; n < copies; n++) {
          const delivery = this.deliver(route, envelope).finally(() => this.inFlight.delete(delivery));
          this.inFlight.add(delivery);
        }
      }
  }

  /** Resolves once every delivery so far, and every delivery those caused, has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private route(bus: Route["bus"], e: BusEvent): [EventBridgeEvent<string, unknown>, Route[]] {
    const envelope: EventBridgeEvent<string, unknown> = {
      version: "0",
      id: randomUUID(),
      "detail-type": e.detailType,
      source: e.source,
      account: "000000000000",
      time: e.time ?? new Date().toISOString(),
      region: "eu-central-1",
      resources: [],
      detail: e.detail,
    };
    return [envelope, this.routes.filter((r) => r.bus === bus && matchesPattern(r.pattern, envelope))];
  }

  private async deliver(route: Route, event: EventBridgeEvent<string, unknown>): Promise<void> {
    await sleep(Math.random() * (this.hostile?.maxDelayMs ?? this.jitterMs));
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      await this.attemptDelivery(route, event);
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }

  private async attemptDelivery(route: Route, event: EventBridgeEvent<string, unknown>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.invoke(route.target, structuredClone(event));
        return;
      } catch (error) {
        if (attempt >= this.attempts) {
          this.deadLetters.push({ route: route.name, event, error: String(error), attempts: attempt });
          console.error(
            `[bus] ${route.name} failed ${attempt} times for event ${event.id}; moved to the dead-letter list`,
          );
          return;
        }
        await sleep(this.retryDelayMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
