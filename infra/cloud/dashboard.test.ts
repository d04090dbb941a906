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
});
