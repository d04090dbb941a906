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

/** Any event of the catalog (customer or product event): its type is the detail-type. */
export function toBusEvent(event: { type: string; occurredAt: string }, source: string): BusEvent {
  return { source, detailType: event.type, detail: event, time: event.occurredAt };
}
