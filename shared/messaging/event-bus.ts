import type { CanonicalEvent } from "../events/catalog";

/** One event as it travels on the bus: EventBridge's source / detail-type / detail. */
export interface BusEvent {
  source: string;
  detailType: string;
  detail: unknown;
  /** When the event happened (EventBridge's `time`). */
  time?: string;
}

/** The port: hands events to the bus and resolves only once every one of them is accepted. */
export interface EventBus {
  publish(events: readonly BusEvent[]): Promise<void>;
}

export function toBusEvent(event: CanonicalEvent, source: string): BusEvent {
  return { source, detailType: event.type, detail: event, time: event.occurredAt };
}
