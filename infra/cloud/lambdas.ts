import type { IEventBus } from "aws-cdk-lib/aws-events";
import { Grant } from "aws-cdk-lib/aws-iam";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { FunctionId } from "../../shared/events/routing";
import { deadLetterQueue } from "./dead-letter-queue";
import type { StammkundeEmail } from "./email";
import type { FunctionSpec } from "./functions";
import { HouseFunction } from "./house-function";
import type { StammkundeSecrets } from "./secrets";
import type { StammkundeTable } from "./table";

export interface StammkundeFunctionsProps {
  readonly specs: ReadonlyArray<readonly [FunctionId, FunctionSpec]>;
  /** Functions some bus or schedule rule invokes (asynchronously): they get a failure queue. */
  readonly asyncTargets: ReadonlySet<FunctionId>;
  readonly table: StammkundeTable;
  readonly bus: IEventBus;
  readonly secrets: StammkundeSecrets;
  /** The sender and configuration set, for functions whose spec lists ses:SendEmail. */
  readonly email: StammkundeEmail;
  /** Base URL of the public HTTP API, for the links in emails (PUBLIC_BASE_URL). */
  readonly publicBaseUrl: string;
  /** The campaign engine's settings (config.ts engineEnvironment), for the functions that send. */
  readonly engineEnvironment?: Readonly<Record<string, string>>;
  /** Shops with their own webhook secret, for the functions whose spec reads them. */
  readonly shopSecrets?: ReadonlyArray<{ platform: string; shop: string; secretName: string }>;
}

const GET_ACCOUNT_REASON =
  "ses:GetAccount (read at cold start for the account's MaxSendRate) supports no resource-level " +
  "permissions either, so it too can only be granted on '*'; it reads quotas, nothing else.";

/**
 * One house function per registry entry, each with the env and IAM its spec lists and nothing else.
 * Grants name each action and the exact ARN: Table.grant would add `<table>/index/*`, giving a
 * function that only reads the base table every index as well.
 */
export class StammkundeFunctions extends Construct {
  readonly failureQueues: Array<{ readonly name: string; readonly queue: Queue }> = [];
  private readonly functions = new Map<FunctionId, HouseFunction>();

  constructor(scope: Construct, id: string, props: StammkundeFunctionsProps) {
    super(scope, id);
    const { table, bus, secrets, email } = props;
    for (const [functionId, spec] of props.specs) {
      const failureQueue = props.asyncTargets.has(functionId)
        ? deadLetterQueue(this, `${functionId}-failures`)
        : undefined;
      const usesTable = (spec.table?.length ?? 0) > 0 || Object.keys(spec.indexes ?? {}).length > 0;
      const ses = new Set(spec.ses ?? []);
      const house = new HouseFunction(this, functionId, {
        functionId,
        description: spec.description,
        ...(spec.memorySize ? { memorySize: spec.memorySize } : {}),
        ...(spec.timeoutSeconds ? { timeoutSeconds: spec.timeoutSeconds } : {}),
        ...(failureQueue ? { asyncFailureQueue: failureQueue } : {}),
        ...(ses.has("ses:GetAccount") ? { starResourceReasons: [GET_ACCOUNT_REASON] } : {}),
        environment: {
          ...(usesTable ? { TABLE_NAME: table.table.tableName } : {}),
          ...(spec.putEvents ? { EVENT_BUS_NAME: bus.eventBusName } : {}),
        },
      });
      const fn = house.fn;

      if (spec.table?.length) {
        Grant.addToPrincipal({ grantee: fn, actions: [...spec.table], resourceArns: [table.table.tableArn] });
      }
      for (const [indexName, actions] of Object.entries(spec.indexes ?? {})) {
        if (!actions?.length) continue;
        Grant.addToPrincipal({
          grantee: fn,
          actions: [...actions],
          resourceArns: [table.indexArn(indexName)],
        });
      }
      if (spec.putEvents) bus.grantPutEventsTo(fn);
      for (const [name, arn] of Object.entries(secrets.grantTo(fn, spec.secrets ?? []))) {
        fn.addEnvironment(name, arn);
      }
      if (ses.has("ses:SendEmail")) {
        for (const [name, value] of Object.entries(email.grantSend(fn))) fn.addEnvironment(name, value);
        fn.addEnvironment("PUBLIC_BASE_URL", props.publicBaseUrl);
        for (const [name, value] of Object.entries(props.engineEnvironment ?? {}))
          fn.addEnvironment(name, value);
      }
      if (spec.shopSecrets && props.shopSecrets?.length) this.grantShopSecrets(fn, props.shopSecrets);
      if (ses.has("ses:GetAccount")) {
        Grant.addToPrincipal({ grantee: fn, actions: ["ses:GetAccount"], resourceArns: ["*"] });
      }

      if (failureQueue) this.failureQueues.push({ name: `${functionId}-failures`, queue: failureQueue });
      this.functions.set(functionId, house);
    }
  }

  /** Read access to each shop's own secret, by name, and SHOP_SECRET_IDS to find it. */
  private grantShopSecrets(
    fn: HouseFunction["fn"],
    shops: NonNullable<StammkundeFunctionsProps["shopSecrets"]>,
  ): void {
    const ids: Record<string, string> = {};
    for (const { platform, shop, secretName } of shops) {
      const key = `${platform}:${shop}`;
      Secret.fromSecretNameV2(this, `shop-secret-${fn.node.id}-${key}`, secretName).grantRead(fn);
      ids[key] = secretName;
    }
    fn.addEnvironment("SHOP_SECRET_IDS", JSON.stringify(ids));
  }

  get(functionId: FunctionId): IFunction {
    const house = this.functions.get(functionId);
    // deployedFunctions() has already checked every route's target; this guards direct callers.
    if (!house) throw new Error(`function "${functionId}" is not in infra/cloud/functions.ts`);
    return house.fn;
  }

  all(): Array<[FunctionId, IFunction]> {
    return [...this.functions].map(([id, house]) => [id, house.fn]);
  }
}
