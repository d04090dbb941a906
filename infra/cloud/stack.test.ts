import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES } from "../../shared/events/routing";
import { HTTP_ROUTES } from "../../shared/http/routes";
import { TABLE_DESIGN } from "../../shared/persistence/table-design";
import { functionLogicalId, onlyLogicalId, resources, type Synthesised, synthesise } from "./testing";

let synth: Synthesised;
// One synth for the whole file; it runs the built-in CloudFormation checks and cdk-nag, so allow
// for a loaded machine.
beforeAll(() => {
  synth = synthesise();
}, 180_000);

describe("the table", () => {
  it("has the keys, indexes and TTL attribute of TABLE_DESIGN", () => {
    const [table] = Object.values(resources(synth.template, "AWS::DynamoDB::Table"));
    const props = table!.Properties;

    expect(props.KeySchema).toEqual([
      { AttributeName: TABLE_DESIGN.partitionKey, KeyType: "HASH" },
      { AttributeName: TABLE_DESIGN.sortKey, KeyType: "RANGE" },
    ]);
    expect(props.GlobalSecondaryIndexes).toEqual(
      TABLE_DESIGN.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: "HASH" },
          { AttributeName: index.sortKey, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: index.projection },
      })),
    );
    expect(props.TimeToLiveSpecification).toEqual({
      AttributeName: TABLE_DESIGN.ttlAttribute,
      Enabled: true,
    });
  });

  it("is on-demand, encrypted, point-in-time recoverable and survives stack deletion", () => {
    const [table] = Object.values(resources(synth.template, "AWS::DynamoDB::Table"));

    expect(table!.Properties).toMatchObject({
      BillingMode: "PAY_PER_REQUEST",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(table!.DeletionPolicy).toBe("Retain");
  });
});

describe("the bus", () => {
  it("is the custom bus stammkunde with a 90-day archive", () => {
    synth.template.hasResourceProperties("AWS::Events::EventBus", { Name: "stammkunde" });
    synth.template.hasResourceProperties("AWS::Events::Archive", { RetentionDays: 90 });
  });

  it("has one rule per routing entry, with the entry's pattern, bus and target", () => {
    const rules = Object.values(resources(synth.template, "AWS::Events::Rule"));
    const busId = onlyLogicalId(synth.template, "AWS::Events::EventBus");

    expect(rules).toHaveLength(ROUTES.length);
    for (const route of ROUTES) {
      const rule = rules.find((r) => r.Properties.Description === route.description);
      expect(rule, `rule for ${route.name}`).toBeDefined();
      const props = rule!.Properties;
      expect(props.EventPattern).toEqual(route.pattern);
      if (route.bus === "custom") expect(props.EventBusName).toEqual({ Ref: busId });
      else expect(props.EventBusName).toBeUndefined();
      expect(props.Targets).toEqual([
        expect.objectContaining({
          Arn: { "Fn::GetAtt": [functionLogicalId(synth.template, route.target), "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [expect.any(String), "Arn"] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        }),
      ]);
    }
  });

  it("gives each bus-invoked function its own failure queue and retry limits", () => {
    for (const target of new Set(ROUTES.map((r) => r.target))) {
      const fnId = functionLogicalId(synth.template, target);
      const fn = resources(synth.template, "AWS::Lambda::Function")[fnId]!;

      expect(fn.Properties.DeadLetterConfig).toEqual({
        TargetArn: { "Fn::GetAtt": [expect.any(String), "Arn"] },
      });
      synth.template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
        FunctionName: { Ref: fnId },
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 6 * 3600,
      });
    }
  });
});

describe("dead-letter queues and alarms", () => {
  it("encrypts every queue and refuses plain-HTTP access to it", () => {
    const queues = resources(synth.template, "AWS::SQS::Queue");
    const policies = Object.values(resources(synth.template, "AWS::SQS::QueuePolicy"));

    for (const [queueId, queue] of Object.entries(queues)) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      const policy = policies.find(
        (p) => JSON.stringify(p.Properties.Queues) === JSON.stringify([{ Ref: queueId }]),
      );
      expect(JSON.stringify(policy?.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it("alarms on the depth of every dead-letter queue, to the alarm topic", () => {
    const queueIds = Object.keys(resources(synth.template, "AWS::SQS::Queue"));
    const topicId = onlyLogicalId(synth.template, "AWS::SNS::Topic");

    expect(queueIds.length).toBe(ROUTES.length + new Set(ROUTES.map((r) => r.target)).size);
    for (const queueId of queueIds) {
      synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "ApproximateNumberOfMessagesVisible",
        Dimensions: [{ Name: "QueueName", Value: { "Fn::GetAtt": [queueId, "QueueName"] } }],
        Threshold: 0,
        ComparisonOperator: "GreaterThanThreshold",
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });

  it("alarms on the errors of every function", () => {
    const topicId = onlyLogicalId(synth.template, "AWS::SNS::Topic");
    for (const fnId of Object.keys(resources(synth.template, "AWS::Lambda::Function"))) {
      synth.template.hasResourceProperties("AWS::CloudWatch::Alarm", {
        MetricName: "Errors",
        Namespace: "AWS/Lambda",
        Dimensions: [{ Name: "FunctionName", Value: { Ref: fnId } }],
        Threshold: 0,
        AlarmActions: [{ Ref: topicId }],
      });
    }
  });
});

describe("the HTTP API", () => {
  const deployed = HTTP_ROUTES.filter((r) => r.auth !== "local");

  it("serves every route of HTTP_ROUTES except the local-only ones", () => {
    const routes = Object.values(resources(synth.template, "AWS::ApiGatewayV2::Route"));
    expect(routes.map((r) => r.Properties.RouteKey).sort()).toEqual(
      deployed.map((r) => `${r.method} ${r.path}`).sort(),
    );
  });

  it("puts admin routes behind IAM and leaves public routes to the function", () => {
    for (const route of deployed) {
      synth.template.hasResourceProperties("AWS::ApiGatewayV2::Route", {
        RouteKey: `${route.method} ${route.path}`,
        AuthorizationType: route.auth === "admin" ? "AWS_IAM" : "NONE",
      });
    }
  });

  it("logs access without query strings and throttles by default", () => {
    const [stage] = Object.values(resources(synth.template, "AWS::ApiGatewayV2::Stage"));
    const props = stage!.Properties;
    const format = (props.AccessLogSettings as { Format: string }).Format;

    expect(props.StageName).toBe("$default");
    expect(JSON.parse(format)).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
    });
    expect(format).not.toContain("$context.path");
    expect(props.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 });
  });
});

describe("security", () => {
  it("has no IAM statement with a wildcard action", () => {
    const statements = Object.values(resources(synth.template, "AWS::IAM::Policy")).flatMap(
      (p) => (p.Properties.PolicyDocument as { Statement: Array<{ Action: string | string[] }> }).Statement,
    );
    const actions = statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));

    expect(actions.length).toBeGreaterThan(0);
    expect(actions.filter((a) => a.includes("*"))).toEqual([]);
  });

  it("uses a '*' resource only for X-Ray, whose actions have no resource-level permissions", () => {
    // The IAM5[Resource::*] acknowledgment on each role covers X-Ray alone; this keeps it that way.
    const statements = Object.values(resources(synth.template, "AWS::IAM::Policy")).flatMap(
      (p) =>
        (
          p.Properties.PolicyDocument as {
            Statement: Array<{ Action: string | string[]; Resource: unknown }>;
          }
        ).Statement,
    );
    const onStar = statements
      .filter((s) => [s.Resource].flat().includes("*"))
      .flatMap((s) => [s.Action].flat());

    expect(new Set(onStar)).toEqual(new Set(["xray:PutTraceSegments", "xray:PutTelemetryRecords"]));
  });

  it("passes cdk-nag's AwsSolutions checks, every remaining finding acknowledged in code", () => {
    const report = synth.nag.validateScope(synth.app);
    const findings = report.violations.map((v) => ({
      rule: v.ruleName,
      severity: v.severity,
      at: v.violatingResources.map((r) => r.constructPath),
    }));

    expect(findings).toEqual([]);
  });
});
