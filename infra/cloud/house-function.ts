import { fileURLToPath } from "node:url";
import { Duration, Validations } from "aws-cdk-lib";
import { Role, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Architecture, Runtime, Tracing } from "aws-cdk-lib/aws-lambda";
import { NodejsFunction, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionId } from "../../shared/events/routing";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/**
 * ESM bundles still meet CommonJS dependencies that call `require` for Node built-ins; Node gives
 * ESM no `require`, so the bundle makes one (the pattern Powertools and esbuild document).
 */
const REQUIRE_SHIM =
  "import { createRequire } from 'node:module';const require = createRequire(import.meta.url);";

export interface HouseFunctionProps {
  readonly functionId: FunctionId;
  readonly description: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly memorySize?: number;
  readonly timeoutSeconds?: number;
  /**
   * For functions invoked asynchronously (EventBridge targets): an event that still fails after
   * Lambda's own retries lands here instead of being dropped.
   */
  readonly asyncFailureQueue?: IQueue;
  /**
   * Why this function's role also needs other actions on `*` (beyond X-Ray), one sentence each:
   * added to the role's single IAM5[Resource::*] acknowledgment, so the reason lists them all.
   */
  readonly starResourceReasons?: readonly string[];
}

/**
 * The house Lambda: `functions/<id>/handler.ts` bundled by the local esbuild, on Node 22 / ARM64
 * (cheaper per GB-second, and nothing here is x86-only), with Powertools' env, its own log group
 * with a retention, X-Ray, and a role that starts with nothing but writing to that log group.
 */
export class HouseFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, "Logs", { retention: RetentionDays.ONE_MONTH });
    // Our own role, not Lambda's default: that one carries the AWS-managed
    // AWSLambdaBasicExecutionRole (logs on every log group in the account).
    this.role = new Role(this, "Role", {
      assumedBy: new ServicePrincipal("lambda.amazonaws.com"),
      description: `Execution role of ${props.functionId}`,
    });
    logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, "Function", {
      entry: `${PROJECT_ROOT}functions/${props.functionId}/handler.ts`,
      handler: "handler",
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: Duration.seconds(props.timeoutSeconds ?? 10),
      role: this.role,
      logGroup,
      tracing: Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.functionId,
        POWERTOOLS_METRICS_NAMESPACE: "Stammkunde",
        LOG_LEVEL: "INFO",
        // Stack traces point into the TypeScript sources instead of the minified bundle.
        NODE_OPTIONS: "--enable-source-maps",
        ...props.environment,
      },
      ...(props.asyncFailureQueue
        ? {
            deadLetterQueue: props.asyncFailureQueue,
            retryAttempts: 2,
            maxEventAge: Duration.hours(6),
          }
        : {}),
      bundling: {
        format: OutputFormat.ESM,
        target: "node22",
        mainFields: ["module", "main"],
        banner: REQUIRE_SHIM,
        minify: true,
        sourceMap: true,
        // Smaller bundle; the sources are in the repository.
        sourcesContent: false,
        // Bundle the AWS SDK too: the runtime's copy changes under us, the bundled one is the
        // version package-lock.json pins and the tests ran against.
        externalModules: [],
      },
    });

    // Acknowledged on the role (and so its policy) for this one finding only: any other
    // wildcard a later grant adds (`index/*`, `table/*`) still fails the check. Another action
    // on a bare '*' would hide under this finding id, so stack.test.ts pins which actions may.
    Validations.of(this.role).acknowledge({
      id: "AwsSolutions-IAM5[Resource::*]",
      reason: [
        "Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which " +
          "support no resource-level permissions, so their resource can only be '*'.",
        ...(props.starResourceReasons ?? []),
      ].join(" "),
    });
    Validations.of(this.fn).acknowledge({
      id: "AwsSolutions-L1",
      reason:
        "Pinned to nodejs22.x (an LTS runtime supported by Lambda) to match the esbuild target " +
        "above; moving to the next LTS is a deliberate change of both lines, tested first.",
    });
  }
}
