import { beforeAll, describe, expect, it } from "vitest";
import { functionLogicalId, onlyLogicalId, resources, type Synthesised, synthesise } from "./testing";

let synth: Synthesised;
let body: string;
beforeAll(() => {
  synth = synthesise();
  const dashboard = resources(synth.template, "AWS::CloudWatch::Dashboard")[
    onlyLogicalId(synth.template, "AWS::CloudWatch::Dashboard")
  ];
  // The body is a Fn::Join of text and references; its JSON names every resource it refers to.
  body = JSON.stringify(dashboard?.Properties.DashboardBody);
}, 180_000);

describe("the operations dashboard", () => {
  it("shows the depth of every dead-letter queue", () => {
    const queues = Object.keys(resources(synth.template, "AWS::SQS::Queue"));
    expect(queues.length).toBeGreaterThan(3);
    for (const id of queues) expect(body, id).toContain(`"${id}"`);
    expect(body).toContain("ApproximateNumberOfMessagesVisible");
  });

  it("shows events in, profiles written and SES reputation", () => {
    for (const fnId of ["ingest-events", "receive-webhooks", "apply-shop-event"])
      expect(body, fnId).toContain(`"${functionLogicalId(synth.template, fnId)}"`);
    expect(body).toContain("Reputation.BounceRate");
    expect(body).toContain("Reputation.ComplaintRate");
  });

  it("counts sent, deferred and skipped messages from the dispatch job's summary log", () => {
    const filters = Object.values(resources(synth.template, "AWS::Logs::MetricFilter"));
    const names = filters.flatMap((f) =>
      (f.Properties.MetricTransformations as { MetricName: string }[]).map((t) => t.MetricName),
    );
    expect(names).toEqual(expect.arrayContaining(["MessagesSent", "MessagesDeferred", "MessagesSkipped"]));
    for (const name of ["MessagesSent", "MessagesDeferred", "MessagesSkipped"]) expect(body).toContain(name);
  });

  it("shows the engine's send latency (trigger to send, due to send) as p50 and p99, and the breaker's holds", () => {
    const plotted = widgets().flatMap((w) => w.properties.metrics ?? []);
    const engine = (name: string, stat: string) =>
      plotted.some(
        (m) =>
          JSON.stringify(m.slice(0, 4)) ===
            JSON.stringify(["Stammkunde", name, "service", "campaign-engine"]) &&
          (m[4] as { stat?: string } | undefined)?.stat === stat,
      );
    for (const name of ["TriggerToSend", "DueToSend"]) {
      expect(engine(name, "p50"), `${name} p50`).toBe(true);
      expect(engine(name, "p99"), `${name} p99`).toBe(true);
    }
    expect(engine("BreakerDeferred", "Sum")).toBe(true);
    expect(engine("BreakerExpired", "Sum")).toBe(true);
  });
});

/** The dashboard's widgets: its body is a Fn::Join of JSON text and references (read as "ref"). */
function widgets(): { properties: { title?: string; metrics?: unknown[][] } }[] {
  const dashboard = resources(synth.template, "AWS::CloudWatch::Dashboard")[
    onlyLogicalId(synth.template, "AWS::CloudWatch::Dashboard")
  ];
  const [separator, parts] = (dashboard!.Properties.DashboardBody as { "Fn::Join": [string, unknown[]] })[
    "Fn::Join"
  ];
  return JSON.parse(parts.map((p) => (typeof p === "string" ? p : "ref")).join(separator)).widgets;
}

describe("the circuit breaker alarm", () => {
  it("fires on the first promotional message the breaker defers, to the alarm topic, and holds for an hour", () => {
    const topicId = onlyLogicalId(synth.template, "AWS::SNS::Topic");
    synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "Stammkunde",
      MetricName: "BreakerDeferred",
      Dimensions: [{ Name: "service", Value: "campaign-engine" }],
      Statistic: "Sum",
      Period: 300,
      Threshold: 0,
      ComparisonOperator: "GreaterThanThreshold",
      EvaluationPeriods: 12,
      DatapointsToAlarm: 1,
      TreatMissingData: "notBreaching",
      AlarmActions: [{ Ref: topicId }],
    });
  });
});
