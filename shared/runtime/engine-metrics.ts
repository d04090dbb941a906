import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { MiddlewareObj } from "@middy/core";
import { type DeliveryObserver, ENGINE_METRICS } from "../campaigns/delivery-metrics";

/**
 * The campaign engine's metrics as CloudWatch EMF (Powertools Metrics): values are buffered during
 * an invocation and written as one JSON log line at its end (or every 100 values), which CloudWatch
 * turns into metrics without an API call. Ids and numbers only: no dimension or value names a person.
 */

/** One Metrics buffer per container; dispatch-messages and track-journeys emit under one service. */
export function createEngineMetrics(): Metrics {
  return new Metrics({ namespace: ENGINE_METRICS.namespace, serviceName: ENGINE_METRICS.service });
}

/** The observer delivery calls; `clock` (epoch ms) is the time of SES's accept, passed in for tests. */
export function deliveryMetrics(metrics: Metrics, clock: () => number = Date.now): DeliveryObserver {
  const { names } = ENGINE_METRICS;
  const since = (iso: string): number | undefined => {
    const t = Date.parse(iso);
    // A shop clock ahead of ours must not make a negative latency.
    return Number.isNaN(t) ? undefined : Math.max(0, clock() - t);
  };
  const add = (name: string, value: number | undefined) => {
    if (value !== undefined) metrics.addMetric(name, MetricUnit.Milliseconds, value);
  };
  return {
    sent(instance, campaign) {
      add(names.dueToSend, since(instance.dueAt));
      if (campaign.wait.kind === "none") add(names.triggerToSend, since(instance.triggeredAt));
    },
    breakerHeld(outcome) {
      const name = outcome === "deferred" ? names.breakerDeferred : names.breakerExpired;
      metrics.addMetric(name, MetricUnit.Count, 1);
    },
  };
}

/**
 * Middy middleware: writes what the invocation recorded, also when it failed. Unlike Powertools'
 * own logMetrics it stays silent when nothing was recorded (most dispatch runs send nothing), where
 * Powertools would log a warning every minute.
 */
export function publishMetrics(metrics: Metrics): MiddlewareObj {
  const publish = async () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  };
  return { after: publish, onError: publish };
}
