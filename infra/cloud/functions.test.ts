import { beforeAll, describe, expect, it } from "vitest";
import { type FunctionId, ROUTES, type Route, SCHEDULES } from "../../shared/events/routing";
import { HTTP_ROUTES, type HttpRoute } from "../../shared/http/routes";
import { deployedFunctions, FUNCTIONS, type FunctionSpec } from "./functions";
import { envOf, functionProps, onlyLogicalId, resources, type Synthesised, synthesise } from "./testing";

type Statement = { Action: string | string[]; Resource: unknown };

const REGISTRY = deployedFunctions(FUNCTIONS, [], []);

/** The registry without one entry, as if someone had routed to a function and forgotten it. */
function registryWithout(functionId: FunctionId): Partial<Record<FunctionId, FunctionSpec>> {
  return Object.fromEntries(Object.entries(FUNCTIONS).filter(([id]) => id !== functionId));
}

describe("the function registry", () => {
  it("refuses a routed function it has no entry for, naming the function and the route", () => {
    const routes: Route[] = [
      ...ROUTES,
      {
        name: "message-sender",
        target: "dispatch-messages",
        bus: "custom",
        pattern: { source: ["stammkunde"] },
        description: "test route",
      },
    ];

    expect(() => deployedFunctions(registryWithout("dispatch-messages"), routes, HTTP_ROUTES)).toThrow(
      /"dispatch-messages" is used by bus route "message-sender"/,
    );
  });

  it("refuses a scheduled function it has no entry for, naming the schedule", () => {
    expect(() =>
      deployedFunctions(registryWithout("dispatch-messages"), ROUTES, HTTP_ROUTES, SCHEDULES),
    ).toThrow(/"dispatch-messages" is used by schedule "dispatch"/);
  });

  it("pins what each function may touch, so widening a grant is a reviewed change of this test", () => {
    const touches = Object.fromEntries(
      Object.entries(FUNCTIONS).map(([id, spec]) => [
        id,
        {
          table: [...(spec?.table ?? [])].sort(),
          indexes: spec?.indexes ?? {},
          putEvents: Boolean(spec?.putEvents),
          secrets: [...(spec?.secrets ?? [])].sort(),
          ses: [...(spec?.ses ?? [])].sort(),
        },
      ]),
    );
    // BatchGetItem: the circuit breaker's per-day counters (shared/persistence/send-stats.ts).
    const engine = [
      "dynamodb:BatchGetItem",
      "dynamodb:ConditionCheckItem",
      // Track: deletes what it wrote for a customer erased meanwhile; dispatch: releases its run lease.
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
    ];

    expect(touches).toEqual({
      "ingest-events": { table: [], indexes: {}, putEvents: true, secrets: ["EVENTS_API_SECRET"], ses: [] },
      "receive-webhooks": {
        // Erase requests: Query and DeleteItem on the customer's partition, the suppression PutItem.
        table: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
        indexes: { byEmail: ["dynamodb:Query"] },
        putEvents: true,
        secrets: [
          "SHOPIFY_WEBHOOK_SECRET",
          "SHOPWARE_SHOP_SECRET",
          "SUPPRESSION_SALT",
          "WOOCOMMERCE_WEBHOOK_SECRET",
        ],
        ses: [],
      },
      "apply-shop-event": {
        // Query: a heavy customer's profile chunk items (shared/persistence/profile-chunks.ts).
        table: ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
        indexes: {},
        putEvents: false,
        secrets: [],
        ses: [],
      },
      "apply-catalog-event": {
        // One conditional UpdateItem per product event, last writer wins; an order's marker (PutItem).
        table: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
        indexes: {},
        putEvents: false,
        secrets: [],
        ses: [],
      },
      "serve-admin": {
        table: ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
        indexes: { byEmail: ["dynamodb:Query"] },
        putEvents: false,
        secrets: ["SUPPRESSION_SALT"],
        ses: [],
      },
      "track-journeys": {
        table: [...engine, "dynamodb:Query"].sort(),
        // byCategory: a product block's available products at send time.
        indexes: { byCategory: ["dynamodb:Query"] },
        putEvents: true,
        secrets: ["SUPPRESSION_SALT", "TOKEN_SIGNING_KEY"],
        ses: ["ses:SendEmail"],
      },
      "dispatch-messages": {
        // Query: profile chunk items only (no Query for what is due: that is the byDueTime index).
        table: [...engine, "dynamodb:Query"].sort(),
        indexes: { byDueTime: ["dynamodb:Query"], byCategory: ["dynamodb:Query"] },
        putEvents: true,
        secrets: ["SUPPRESSION_SALT", "TOKEN_SIGNING_KEY"],
        ses: ["ses:GetAccount", "ses:SendEmail"],
      },
      "record-email-feedback": {
        // UpdateItem: ADD to the breaker's per-day bounce / complaint counters.
        table: ["dynamodb:PutItem", "dynamodb:UpdateItem"],
        indexes: {},
        putEvents: true,
        secrets: ["SUPPRESSION_SALT"],
        ses: [],
      },
      "serve-unsubscribe": {
        table: [],
        indexes: {},
        putEvents: true,
        secrets: ["TOKEN_SIGNING_KEY"],
        ses: [],
      },
      "confirm-consent": {
        table: [],
        indexes: {},
        putEvents: true,
        secrets: ["TOKEN_SIGNING_KEY"],
        ses: [],
      },
      "answer-survey": {
        // The answer's transaction: ConditionCheckItem on the profile, conditional PutItem of the
        // answer; GetItem of the profile's key before the form is shown.
        table: ["dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem"],
        indexes: {},
        putEvents: true,
        secrets: ["TOKEN_SIGNING_KEY"],
        ses: [],
      },
      "follow-up-surveys": {
        // ConditionCheckItem: a link answerer's referral item only with her profile; Query: profile chunks.
        table: ["dynamodb:ConditionCheckItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
        indexes: { byEmail: ["dynamodb:Query"] },
        putEvents: true,
        secrets: ["TOKEN_SIGNING_KEY"],
        ses: [],
      },
      "fit-model": {
        table: ["dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem"],
        indexes: {},
        putEvents: false,
        secrets: [],
        ses: [],
      },
      "sweep-churn": {
        table: [
          "dynamodb:BatchGetItem",
          "dynamodb:GetItem",
          "dynamodb:PutItem",
          "dynamodb:Query",
          "dynamodb:UpdateItem",
        ],
        indexes: { byNextCheck: ["dynamodb:Query"] },
        putEvents: true,
        secrets: [],
        ses: [],
      },
    });
  });

  it("has no entry that no route, HTTP route or schedule invokes", () => {
    const invoked = new Set<FunctionId>([
      ...ROUTES.map((r) => r.target),
      ...HTTP_ROUTES.filter((r) => r.auth !== "local").map((r) => r.target),
      ...SCHEDULES.map((s) => s.target),
    ]);

    expect(Object.keys(FUNCTIONS).filter((id) => !invoked.has(id as FunctionId))).toEqual([]);
  });

  it("ignores local-only HTTP routes when checking", () => {
    const httpRoutes: HttpRoute[] = [
      ...HTTP_ROUTES,
      { method: "POST", path: "/admin/jobs/{name}", target: "run-job" as FunctionId, auth: "local" },
    ];

    expect(deployedFunctions(FUNCTIONS, ROUTES, httpRoutes).map(([id]) => id)).toEqual(
      Object.keys(FUNCTIONS),
    );
  });
});

describe("the deployed functions", () => {
  let synth: Synthesised;
  beforeAll(() => {
    synth = synthesise();
  }, 180_000);

  /** Every (action, resource) pair the function's role may use. */
  function grantsOf(functionId: FunctionId): Array<{ action: string; resource: string }> {
    const roleId = (functionProps(synth.template, functionId).Role as { "Fn::GetAtt": [string, string] })[
      "Fn::GetAtt"
    ][0];
    return Object.values(resources(synth.template, "AWS::IAM::Policy"))
      .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
      .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement)
      .flatMap((s) =>
        [s.Action]
          .flat()
          .flatMap((action) =>
            [s.Resource].flat().map((resource) => ({ action, resource: JSON.stringify(resource) })),
          ),
      );
  }

  it("runs every registry entry on Node 22, ARM64, ESM, with X-Ray, Powertools env and a log retention", () => {
    for (const [functionId] of REGISTRY) {
      const props = functionProps(synth.template, functionId);
      const logGroupId = (props.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;

      expect(props).toMatchObject({
        Runtime: "nodejs22.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
        TracingConfig: { Mode: "Active" },
        Environment: {
          Variables: expect.objectContaining({
            POWERTOOLS_SERVICE_NAME: functionId,
            POWERTOOLS_METRICS_NAMESPACE: "Stammkunde",
            LOG_LEVEL: "INFO",
          }),
        },
      });
      expect(props.ReservedConcurrentExecutions).toBeUndefined();
      expect(resources(synth.template, "AWS::Logs::LogGroup")[logGroupId]?.Properties.RetentionInDays).toBe(
        30,
      );
    }
  });

  it("grants each function exactly the table and index actions its entry lists", () => {
    const tableArn = JSON.stringify({
      "Fn::GetAtt": [onlyLogicalId(synth.template, "AWS::DynamoDB::Table"), "Arn"],
    });
    for (const [functionId, spec] of REGISTRY) {
      const dynamo = grantsOf(functionId).filter((g) => g.action.startsWith("dynamodb:"));
      const expected = [
        ...(spec.table ?? []).map((action) => ({ action, resource: tableArn })),
        ...Object.entries(spec.indexes ?? {}).flatMap(([index, actions]) =>
          (actions ?? []).map((action) => ({
            action,
            resource: JSON.stringify({ "Fn::Join": ["", [JSON.parse(tableArn), `/index/${index}`]] }),
          })),
        ),
      ];
      const byKey = (a: { action: string; resource: string }) => `${a.action} ${a.resource}`;

      expect(dynamo.map(byKey).sort(), functionId).toEqual(expected.map(byKey).sort());
    }
  });

  it("gives each function the env names and read access of its own secrets only", () => {
    const secrets = resources(synth.template, "AWS::SecretsManager::Secret");
    const secretIdOf = (name: string) =>
      Object.keys(secrets).find((id) => secrets[id]?.Properties.Name === `stammkunde/${name}`)!;

    for (const [functionId, spec] of REGISTRY) {
      const env = envOf(synth.template, functionId);
      const readable = grantsOf(functionId)
        .filter((g) => g.action === "secretsmanager:GetSecretValue")
        .map((g) => g.resource);

      const wanted = spec.secrets ?? [];
      expect(
        Object.keys(env)
          .filter((k) => k.endsWith("_ARN"))
          .sort(),
        functionId,
      ).toEqual(wanted.map((name) => `${name}_ARN`).sort());
      for (const name of wanted) expect(env[`${name}_ARN`]).toEqual({ Ref: secretIdOf(name) });
      expect(readable.sort(), functionId).toEqual(
        wanted.map((name) => JSON.stringify({ Ref: secretIdOf(name) })).sort(),
      );
    }
  });

  it("sets TABLE_NAME only where the table is used and EVENT_BUS_NAME only where events are put", () => {
    for (const [functionId, spec] of REGISTRY) {
      const env = envOf(synth.template, functionId);
      const putEvents = grantsOf(functionId).filter((g) => g.action === "events:PutEvents");

      expect("TABLE_NAME" in env, functionId).toBe(Boolean(spec.table?.length || spec.indexes));
      expect("EVENT_BUS_NAME" in env, functionId).toBe(Boolean(spec.putEvents));
      expect(putEvents.length, functionId).toBe(spec.putEvents ? 1 : 0);
      expect("DYNAMODB_ENDPOINT" in env, functionId).toBe(false);
    }
  });

  it("grants each function nothing beyond what its entry lists (and logs, X-Ray, its failure queue)", () => {
    const asyncTargets = new Set<FunctionId>([
      ...ROUTES.map((r) => r.target),
      ...SCHEDULES.map((s) => s.target),
    ]);
    for (const [functionId, spec] of REGISTRY) {
      const expected = new Set([
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "xray:PutTraceSegments",
        "xray:PutTelemetryRecords",
        ...(asyncTargets.has(functionId) ? ["sqs:SendMessage"] : []),
        ...(spec.table ?? []),
        ...Object.values(spec.indexes ?? {}).flatMap((actions) => actions ?? []),
        ...(spec.putEvents ? ["events:PutEvents"] : []),
        ...(spec.secrets?.length ? ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"] : []),
        ...(spec.ses ?? []),
      ]);

      expect(new Set(grantsOf(functionId).map((g) => g.action)), functionId).toEqual(expected);
    }
  });

  it("never grants a table action on every index or on '*'", () => {
    for (const [functionId] of REGISTRY) {
      const dynamo = grantsOf(functionId).filter((g) => g.action.startsWith("dynamodb:"));

      expect(
        dynamo.filter((g) => g.action.includes("*")),
        functionId,
      ).toEqual([]);
      expect(
        dynamo.filter((g) => g.resource === '"*"' || g.resource.includes("index/*")),
        functionId,
      ).toEqual([]);
    }
  });

  it("lets a function send email only as the sender, through the configuration set", () => {
    const configurationSet = onlyLogicalId(synth.template, "AWS::SES::ConfigurationSet");
    const arn = (rest: string) => `arn:{AWS::Partition}:ses:{AWS::Region}:{AWS::AccountId}:${rest}`;
    for (const [functionId, spec] of REGISTRY) {
      const grants = grantsOf(functionId);
      const sendOn = grants
        .filter((g) => g.action === "ses:SendEmail")
        .map((g) => flatten(JSON.parse(g.resource)))
        .sort();
      const accountOn = grants.filter((g) => g.action === "ses:GetAccount").map((g) => g.resource);

      expect(sendOn, functionId).toEqual(
        spec.ses?.includes("ses:SendEmail")
          ? [
              arn(`configuration-set/{${configurationSet}}`),
              arn("identity/example.com"),
              arn("identity/shop@example.com"),
            ]
          : [],
      );
      expect(accountOn, functionId).toEqual(spec.ses?.includes("ses:GetAccount") ? ['"*"'] : []);
    }
  });

  it("gives the sending functions the sender, the configuration set and the API's URL for links", () => {
    const configurationSet = onlyLogicalId(synth.template, "AWS::SES::ConfigurationSet");
    const httpApi = onlyLogicalId(synth.template, "AWS::ApiGatewayV2::Api");
    for (const [functionId, spec] of REGISTRY) {
      const env = envOf(synth.template, functionId);
      const sends = Boolean(spec.ses?.includes("ses:SendEmail"));

      expect(
        { SENDER: env.SENDER, SES: env.SES_CONFIGURATION_SET, URL: env.PUBLIC_BASE_URL },
        functionId,
      ).toEqual(
        sends
          ? {
              SENDER: "shop@example.com",
              SES: { Ref: configurationSet },
              // The endpoint has no trailing slash: links are `${PUBLIC_BASE_URL}/unsubscribe`.
              URL: { "Fn::GetAtt": [httpApi, "ApiEndpoint"] },
            }
          : { SENDER: undefined, SES: undefined, URL: undefined },
      );
    }
  });

  it("runs the dispatcher for a minute with more memory, and the journey tracker for 30 s", () => {
    expect(functionProps(synth.template, "dispatch-messages")).toMatchObject({
      Timeout: 60,
      MemorySize: 1024,
    });
    expect(functionProps(synth.template, "track-journeys")).toMatchObject({ Timeout: 30 });
  });
});

/** An ARN as CloudFormation writes it (`Fn::Join` of strings and `Ref`s) as one readable string. */
function flatten(value: unknown): string {
  if (typeof value === "string") return value;
  const v = value as { Ref?: string; "Fn::Join"?: [string, unknown[]]; "Fn::GetAtt"?: string[] };
  if (v.Ref) return `{${v.Ref}}`;
  if (v["Fn::GetAtt"]) return `{${v["Fn::GetAtt"].join(".")}}`;
  if (v["Fn::Join"]) return v["Fn::Join"][1].map(flatten).join(v["Fn::Join"][0]);
  return JSON.stringify(value);
}
