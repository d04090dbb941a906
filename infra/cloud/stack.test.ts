import { Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { beforeAll, describe, expect, it } from "vitest";
import { ROUTES, SCHEDULES } from "../../shared/events/routing";
import { HTTP_ROUTES } from "../../shared/http/routes";
import { TABLE_DESIGN } from "../../shared/persistence/table-design";
import { FUNCTIONS } from "./functions";
import { envOf, functionLogicalId, onlyLogicalId, resources, type Synthesised, synthesise } from "./testing";

/** Functions invoked asynchronously by a rule: bus routes and schedules. */
const RULE_TARGETS = new Set([...ROUTES.map((r) => r.target), ...SCHEDULES.map((s) => s.target)]);

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
    const rules = Object.values(resources(synth.template, "AWS::Events::Rule")).filter(
      (r) => r.Properties.EventPattern !== undefined,
    );
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

  it("puts the SES feedback rule on the default bus, where SES publishes", () => {
    const rule = Object.values(resources(synth.template, "AWS::Events::Rule")).find(
      (r) =>
        JSON.stringify((r.Properties.EventPattern as { source?: unknown })?.source) ===
        JSON.stringify(["aws.ses"]),
    );

    expect(ROUTES.find((r) => r.name === "ses-feedback")?.bus).toBe("default");
    expect(rule?.Properties.EventBusName).toBeUndefined();
    expect(rule?.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { "Fn::GetAtt": [functionLogicalId(synth.template, "record-email-feedback"), "Arn"] },
      }),
    ]);
  });

  it("has one schedule rule per SCHEDULES entry, targeting its function with retries and a DLQ", () => {
    const scheduled = Object.values(resources(synth.template, "AWS::Events::Rule")).filter(
      (r) => r.Properties.ScheduleExpression !== undefined,
    );

    expect(scheduled).toHaveLength(SCHEDULES.length);
    for (const job of SCHEDULES) {
      const rule = scheduled.find((r) => r.Properties.Description === job.description);
      expect(rule, `schedule for ${job.job}`).toBeDefined();
      const props = rule!.Properties;
      expect(props.ScheduleExpression).toBe(job.rate);
      expect(props.State).toBe("ENABLED");
      // Schedule rules exist on the default bus only.
      expect(props.EventBusName).toBeUndefined();
      expect(props.Targets).toEqual([
        expect.objectContaining({
          Arn: { "Fn::GetAtt": [functionLogicalId(synth.template, job.target), "Arn"] },
          DeadLetterConfig: { Arn: { "Fn::GetAtt": [expect.any(String), "Arn"] } },
          RetryPolicy: { MaximumEventAgeInSeconds: 86_400, MaximumRetryAttempts: 185 },
        }),
      ]);
    }
  });

  it("gives each rule-invoked function its own failure queue and retry limits", () => {
    for (const target of RULE_TARGETS) {
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

    expect(queueIds.length).toBe(ROUTES.length + SCHEDULES.length + RULE_TARGETS.size);
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

describe("email", () => {
  const EVENTS = [
    "send",
    "delivery",
    "bounce",
    "complaint",
    "open",
    "click",
    "reject",
    "deliveryDelay",
    "renderingFailure",
  ];

  it("has a configuration set that publishes every sending event to the default bus", () => {
    const configurationSet = onlyLogicalId(synth.template, "AWS::SES::ConfigurationSet");
    const destinations = Object.values(
      resources(synth.template, "AWS::SES::ConfigurationSetEventDestination"),
    );

    expect(destinations).toHaveLength(1);
    const props = destinations[0]!.Properties as {
      ConfigurationSetName: unknown;
      EventDestination: { Enabled: boolean; MatchingEventTypes: string[]; EventBridgeDestination: unknown };
    };
    expect(props.ConfigurationSetName).toEqual({ Ref: configurationSet });
    expect(props.EventDestination.Enabled).toBe(true);
    expect([...props.EventDestination.MatchingEventTypes].sort()).toEqual([...EVENTS].sort());
    expect(props.EventDestination.EventBridgeDestination).toEqual({
      EventBusArn: {
        "Fn::Join": [
          "",
          [
            "arn:",
            { Ref: "AWS::Partition" },
            ":events:",
            { Ref: "AWS::Region" },
            ":",
            { Ref: "AWS::AccountId" },
            ":event-bus/default",
          ],
        ],
      },
    });
  });

  it("sends as the address in context `sender`, on that address's domain identity", () => {
    const custom = synthesise({}, { sender: "news@mail.shop.example" });
    const senders = Object.entries(FUNCTIONS)
      .filter(([, spec]) => spec?.ses?.includes("ses:SendEmail"))
      .map(([id]) => id);
    const sendResources = JSON.stringify(
      Object.values(resources(custom.template, "AWS::IAM::Policy")).flatMap(
        (p) =>
          (p.Properties.PolicyDocument as { Statement: Array<{ Action: unknown; Resource: unknown }> })
            .Statement,
      ),
    );

    expect(senders.length).toBeGreaterThan(0);
    for (const id of senders) expect(envOf(custom.template, id).SENDER).toBe("news@mail.shop.example");
    expect(sendResources).toContain(":identity/mail.shop.example");
    expect(sendResources).not.toContain(":identity/example.com");
  }, 180_000);

  it("refuses a sender that is not a plain address", () => {
    expect(() => synthesise({}, { sender: "Shop <shop@example.com>" })).toThrow(
      /sender: must be a plain email address/,
    );
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

  it("serves GET and POST /unsubscribe publicly (no IAM), from serve-unsubscribe", () => {
    const routes = Object.values(resources(synth.template, "AWS::ApiGatewayV2::Route"));
    const integrations = resources(synth.template, "AWS::ApiGatewayV2::Integration");
    const fnArn = { "Fn::GetAtt": [functionLogicalId(synth.template, "serve-unsubscribe"), "Arn"] };

    for (const method of ["GET", "POST"]) {
      const route = routes.find((r) => r.Properties.RouteKey === `${method} /unsubscribe`);
      expect(route, `${method} /unsubscribe`).toBeDefined();
      expect(route!.Properties.AuthorizationType).toBe("NONE");
      expect(route!.Properties.AuthorizerId).toBeUndefined();
      const target = (route!.Properties.Target as { "Fn::Join": [string, unknown[]] })["Fn::Join"][1];
      const integrationId = (target[1] as { Ref: string }).Ref;
      expect(integrations[integrationId]?.Properties.IntegrationUri).toEqual(fnArn);
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

  it("uses a '*' resource only for actions without resource-level permissions: X-Ray, ses:GetAccount", () => {
    // The IAM5[Resource::*] acknowledgment on each role names these; this keeps it that way.
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

    expect(new Set(onStar)).toEqual(
      new Set(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "ses:GetAccount"]),
    );
  });

  it("gives every acknowledged cdk-nag finding a written reason, naming ses:GetAccount where it is used", () => {
    const acknowledged: Array<{ path: string; id: string; reason: string }> = [];
    const visit = (c: IConstruct) => {
      for (const entry of c.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
          acknowledged.push({ path: c.node.path, id, reason });
        }
      }
      for (const child of c.node.children) visit(child);
    };
    visit(synth.app);

    expect(acknowledged.filter((a) => a.reason.trim().length < 40)).toEqual([]);
    const starReasons = acknowledged.filter((a) => a.id.endsWith("AwsSolutions-IAM5[Resource::*]"));
    for (const [id, spec] of Object.entries(FUNCTIONS)) {
      const reason = starReasons.find((a) => a.path.includes(`/Functions/${id}/Role`))?.reason;
      expect(reason, id).toContain("xray:PutTraceSegments");
      expect(reason?.includes("ses:GetAccount"), id).toBe(Boolean(spec?.ses?.includes("ses:GetAccount")));
    }
  });

  it("documents why the token key and the suppression salt are never rotated automatically", () => {
    const secrets = resources(synth.template, "AWS::SecretsManager::Secret");
    const byName = (name: string) =>
      Object.entries(secrets).find(([, s]) => s.Properties.Name === `stammkunde/${name}`);
    const reasonOf = (name: string) => {
      const path = `/Secrets/${name}`;
      let found: string | undefined;
      const visit = (c: IConstruct) => {
        if (c.node.path.endsWith(path)) {
          for (const entry of c.node.metadata) {
            if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
              found ??= Object.values(entry.data as Record<string, string>)[0];
          }
        }
        for (const child of c.node.children) visit(child);
      };
      visit(synth.app);
      return found ?? "";
    };

    expect(byName("TOKEN_SIGNING_KEY")).toBeDefined();
    expect(byName("SUPPRESSION_SALT")).toBeDefined();
    expect(reasonOf("TOKEN_SIGNING_KEY")).toMatch(/link/);
    expect(reasonOf("SUPPRESSION_SALT")).toMatch(/empties the suppression list/);
    // The salt outlives the stack, like the table whose suppression items it keys.
    expect(byName("SUPPRESSION_SALT")![1].DeletionPolicy).toBe("Retain");
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
