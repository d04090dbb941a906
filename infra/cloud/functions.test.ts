import { beforeAll, describe, expect, it } from "vitest";
import { type FunctionId, ROUTES, type Route } from "../../shared/events/routing";
import { HTTP_ROUTES, type HttpRoute } from "../../shared/http/routes";
import { deployedFunctions, FUNCTIONS } from "./functions";
import { envOf, functionProps, onlyLogicalId, resources, type Synthesised, synthesise } from "./testing";

type Statement = { Action: string | string[]; Resource: unknown };

const REGISTRY = deployedFunctions(FUNCTIONS, [], []);

describe("the function registry", () => {
  it("refuses a routed function it has no entry for, naming the function and the route", () => {
    const routes: Route[] = [
      ...ROUTES,
      {
        name: "message-sender",
        target: "dispatch-messages" as FunctionId,
        bus: "custom",
        pattern: { source: ["stammkunde"] },
        description: "test route",
      },
    ];

    expect(() => deployedFunctions(FUNCTIONS, routes, HTTP_ROUTES)).toThrow(
      /"dispatch-messages" is used by bus route "message-sender"/,
    );
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
});
