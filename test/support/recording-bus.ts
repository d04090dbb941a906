import type { BusEvent, EventBus } from "../../shared/messaging/event-bus";

/** Records what a use case hands to the bus (a side effect passed in, for unit tests without a network). */
export class RecordingBus implements EventBus {
  readonly published: BusEvent[] = [];
  async publish(events: readonly BusEvent[]): Promise<void> {
    this.published.push(...events);
  }
}
