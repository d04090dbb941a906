import { Duration } from "aws-cdk-lib";
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
} from "aws-cdk-lib/aws-cloudwatch";
import { type IFunction, Function as LambdaFunction } from "aws-cdk-lib/aws-lambda";
import { FilterPattern, MetricFilter } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ENGINE_METRICS } from "../../shared/campaigns/delivery-metrics";
import type { FunctionId } from "../../shared/events/routing";

export interface StammkundeDashboardProps {
  readonly functions: ReadonlyArray<readonly [FunctionId, IFunction]>;
  /** Every dead-letter queue, by the name alarms and the runbook use. */
  readonly queues: ReadonlyArray<{ readonly name: string; readonly queue: IQueue }>;
}

const NAMESPACE = "Stammkunde";
const PERIOD = Duration.minutes(5);
/** Dispatch outcomes, read from the `dispatched` summary dispatch-messages logs each run. */
const OUTCOMES = ["sent", "deferred", "skipped", "exited", "failed"] as const;

/**
 * One CloudWatch dashboard for whoever runs Stammkunde: events in, profiles written, messages
 * sent / deferred / skipped, send latency, the circuit breaker, dead-letter queue depth, SES
 * reputation. Message outcomes come from metric filters on the dispatch job's summary log line;
 * latency and breaker holds are the campaign engine's EMF metrics (shared/runtime/engine-metrics.ts).
 */
export class StammkundeDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: StammkundeDashboardProps) {
    super(scope, id);
    const fns = new Map(props.functions);
    const invocations = (ids: FunctionId[]) =>
      ids.flatMap((fnId) => {
        const fn = fns.get(fnId);
        return fn ? [fn.metricInvocations({ period: PERIOD, label: fnId })] : [];
      });
    const errors = [...fns].map(([fnId, fn]) => fn.metricErrors({ period: PERIOD, label: fnId }));

    const dispatch = fns.get("dispatch-messages");
    const outcomes: IMetric[] = [];
    // Metric filters need the function's own log group, which only a concrete Function exposes.
    if (dispatch instanceof LambdaFunction) {
      for (const outcome of OUTCOMES) {
        const metricName = `Messages${outcome[0]?.toUpperCase()}${outcome.slice(1)}`;
        new MetricFilter(this, metricName, {
          logGroup: dispatch.logGroup,
          filterPattern: FilterPattern.literal('{ $.message = "dispatched" }'),
          metricNamespace: NAMESPACE,
          metricName,
          metricValue: `$.outcomes.${outcome}`,
        });
        outcomes.push(
          new Metric({ namespace: NAMESPACE, metricName, statistic: "Sum", period: PERIOD, label: outcome }),
        );
      }
    }

    const engine = (name: keyof typeof ENGINE_METRICS.names, statistic: string, label: string) =>
      new Metric({
        namespace: ENGINE_METRICS.namespace,
        metricName: ENGINE_METRICS.names[name],
        dimensionsMap: { service: ENGINE_METRICS.service },
        statistic,
        period: PERIOD,
        label,
      });

    const dlqDepth = props.queues.map(({ name, queue }) =>
      queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: "Maximum", label: name }),
    );
    const ses = (metricName: string, label: string) =>
      new MathExpression({
        expression: "m * 100",
        usingMetrics: {
          m: new Metric({
            namespace: "AWS/SES",
            metricName,
            statistic: "Average",
            period: Duration.hours(1),
          }),
        },
        label,
        period: Duration.hours(1),
      });

    this.dashboard = new Dashboard(this, "Dashboard", {
      defaultInterval: Duration.days(1),
      widgets: [
        [
          new TextWidget({
            markdown:
              "## Stammkunde\nA DLQ above zero: read the message, fix the cause, then `npm run cli -- redrive`. " +
              "Replay a period from the bus archive for bugs that did not fail loudly (README: Reports and operations).",
            width: 24,
            height: 2,
          }),
        ],
        [
          graph(
            "Events in (ingest and webhook invocations)",
            invocations(["ingest-events", "receive-webhooks"]),
          ),
          graph("Profiles written (apply-shop-event invocations)", invocations(["apply-shop-event"])),
          graph("Messages per dispatch run", outcomes),
        ],
        [
          graph("Event to send (ms): trigger event to SES accept, campaigns without a wait", [
            engine("triggerToSend", "p50", "p50"),
            engine("triggerToSend", "p99", "p99"),
          ]),
          graph("Due to send (ms): due time to SES accept, every send", [
            engine("dueToSend", "p50", "p50"),
            engine("dueToSend", "p99", "p99"),
          ]),
          graph("Circuit breaker: promotional messages held", [
            engine("breakerDeferred", "Sum", "deferred"),
            engine("breakerExpired", "Sum", "expired (skipped)"),
          ]),
        ],
        [graph("Dead-letter queue depth (every DLQ)", dlqDepth, 12), graph("Function errors", errors, 12)],
        [
          graph(
            "SES bounce rate (%), AWS reviews above 5 %",
            [ses("Reputation.BounceRate", "bounce rate %")],
            12,
          ),
          graph(
            "SES complaint rate (%), AWS reviews above 0.1 %",
            [ses("Reputation.ComplaintRate", "complaint rate %")],
            12,
          ),
        ],
      ],
    });
  }
}

function graph(title: string, left: IMetric[], width = 8): GraphWidget {
  return new GraphWidget({ title, left, width, height: 6 });
}
