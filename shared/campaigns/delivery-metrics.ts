import type { JourneyInstance } from "../persistence/journey-store";
import type { Campaign } from "./definition";

/**
 * What delivery reports for operations, as a port: the Powertools EMF adapter
 * (shared/runtime/engine-metrics.ts) in AWS, nothing on the local host. The names below are the
 * one definition the stack's dashboard and alarms (infra/cloud) read as well.
 */
export interface DeliveryObserver {
  /** SES has just accepted the message of `instance`. */
  sent(instance: JourneyInstance, campaign: Pick<Campaign, "wait">): void;
  /**
   * The circuit breaker held a promotional message back: deferred for a later look, or skipped
   * because that would pass the campaign's maximum deferral.
   */
  breakerHeld(outcome: "deferred" | "expired"): void;
}

export const ENGINE_METRICS = {
  namespace: "Stammkunde",
  /** The `service` dimension of every engine metric, whichever function (dispatch, track) sent. */
  service: "campaign-engine",
  names: {
    /**
     * Milliseconds from the triggering event's `occurredAt` to SES's accept, for campaigns that
     * send at once (wait none): the event-to-send latency. For a campaign that waits it would be
     * the wait itself plus DueToSend, so it is not emitted there.
     */
    triggerToSend: "TriggerToSend",
    /**
     * Milliseconds from the instance's due time (after any deferral for quiet hours, budget or
     * breaker: the time the engine meant to send it) to SES's accept, for every send: how far
     * dispatch runs behind, whatever the campaign waits for.
     */
    dueToSend: "DueToSend",
    /** Promotional messages the open breaker deferred (count). The breaker alarm watches it. */
    breakerDeferred: "BreakerDeferred",
    /** Promotional messages skipped because the breaker held them past their maximum deferral. */
    breakerExpired: "BreakerExpired",
  },
} as const;

/**
 * Calls the observer. Metrics are best effort: a throw from them after SES's accept would look like
 * a failed send and be retried once the lease runs out, sending the message twice.
 */
export function report(emit: () => void): void {
  try {
    emit();
  } catch {
    // A lost datapoint is cheaper than a duplicate mail.
  }
}
