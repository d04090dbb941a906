import { readFileSync } from "node:fs";
import { App, Validations } from "aws-cdk-lib";
import { Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import { StammkundeStack, type StammkundeStackProps } from "./stammkunde-stack";

/** cdk.json's feature flags, so the tested template is the one `cdk synth` produces. */
const CDK_CONTEXT = (
  JSON.parse(readFileSync(new URL("../../cdk.json", import.meta.url), "utf8")) as {
    context: Record<string, unknown>;
  }
).context;

export interface Synthesised {
  readonly template: Template;
  readonly nag: AwsSolutionsChecks;
  readonly app: App;
}

/**
 * Synthesises the stack as app.ts does (same checks, same flags) but without bundling: an empty
 * `aws:cdk:bundling-stacks` makes CDK skip esbuild, which the real-synth test covers instead.
 * Failing validation is collected rather than thrown, so a test can list what cdk-nag found.
 */
export function synthesise(
  props: StammkundeStackProps = {},
  /** Extra context, as `cdk synth -c key=value` would pass it (e.g. `sender`). */
  context: Record<string, string> = {},
): Synthesised {
  const app = new App({
    context: {
      ...CDK_CONTEXT,
      ...context,
      "aws:cdk:bundling-stacks": [],
      "@aws-cdk/core:failSynthOnValidationErrors": false,
    },
  });
  const nag = new AwsSolutionsChecks(app);
  Validations.of(app).addPlugins(nag);
  const stack = new StammkundeStack(app, "Stammkunde", props);
  return { template: Template.fromStack(stack), nag, app };
}

/** Only resources with properties are looked at; `Properties` is typed as always there. */
type Resources = Record<string, { Properties: Record<string, unknown>; [key: string]: unknown }>;

/** Logical id of the Lambda function built from `functions/<functionId>`. */
export function functionLogicalId(template: Template, functionId: string): string {
  const fns = template.findResources("AWS::Lambda::Function") as Resources;
  const found = Object.entries(fns).filter(([, fn]) => {
    const env = (fn.Properties.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables;
    return env?.POWERTOOLS_SERVICE_NAME === functionId;
  });
  if (found.length !== 1) throw new Error(`expected one function ${functionId}, found ${found.length}`);
  return found[0]![0];
}

export function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** The only logical id of a resource type (the table, the bus, the topic). */
export function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0]!;
}

/** The properties of the Lambda function built from `functions/<functionId>`. */
export function functionProps(template: Template, functionId: string): Record<string, unknown> {
  return resources(template, "AWS::Lambda::Function")[functionLogicalId(template, functionId)]!.Properties;
}

export function envOf(template: Template, functionId: string): Record<string, unknown> {
  return (functionProps(template, functionId).Environment as { Variables: Record<string, unknown> })
    .Variables;
}
