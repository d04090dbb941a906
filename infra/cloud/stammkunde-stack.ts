import { Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { type FunctionId, ROUTES, type Route } from "../../shared/events/routing";
import { HTTP_ROUTES, type HttpRoute } from "../../shared/http/routes";
import { StammkundeAlarms } from "./alarms";
import { StammkundeApi } from "./api";
import { type ScheduledJob, StammkundeBus } from "./bus";
import { configuredSchedules, type DeployConfig, deployConfigFromContext, engineEnvironment } from "./config";
import { StammkundeDashboard } from "./dashboard";
import { StammkundeEmail } from "./email";
import { deployedFunctions, FUNCTIONS, type FunctionSpec } from "./functions";
import { StammkundeFunctions } from "./lambdas";
import { StammkundeSecrets } from "./secrets";
import { StammkundeTable } from "./table";

export interface StammkundeStackProps extends StackProps {
  /** The deployment configuration (infra/cloud/config.ts); absent, it is read from the context. */
  readonly config?: DeployConfig;
  /** Defaults to the real tables; tests pass their own to check how the stack reacts. */
  readonly routes?: readonly Route[];
  readonly httpRoutes?: readonly HttpRoute[];
  readonly schedules?: readonly ScheduledJob[];
  readonly registry?: Readonly<Partial<Record<FunctionId, FunctionSpec>>>;
}

/**
 * Composition only: each concern is its own construct, wired here from the shared tables and the
 * deployment configuration (sender, shops' secrets, schedules, engine settings, alarm address).
 */
export class StammkundeStack extends Stack {
  readonly config: DeployConfig;

  constructor(scope: Construct, id: string, props: StammkundeStackProps = {}) {
    super(scope, id, props);
    const config = props.config ?? deployConfigFromContext(this.node);
    this.config = config;
    const routes = props.routes ?? ROUTES;
    const httpRoutes = props.httpRoutes ?? HTTP_ROUTES;
    const schedules = props.schedules ?? configuredSchedules(config);
    const specs = deployedFunctions(props.registry ?? FUNCTIONS, routes, httpRoutes, schedules);

    const table = new StammkundeTable(this, "Table");
    const events = new StammkundeBus(this, "Events");
    const secrets = new StammkundeSecrets(this, "Secrets");
    const email = new StammkundeEmail(this, "Email", { sender: config.sender });
    const api = new StammkundeApi(this, "Api", config.apiDomain ? { domain: config.apiDomain } : {});
    const functions = new StammkundeFunctions(this, "Functions", {
      specs,
      asyncTargets: new Set([...routes.map((r) => r.target), ...schedules.map((s) => s.target)]),
      table,
      bus: events.bus,
      secrets,
      email,
      publicBaseUrl: api.url,
      engineEnvironment: engineEnvironment(config),
      shopSecrets: config.shops,
    });
    const ruleQueues = [
      ...events.addRoutes(routes, (fnId) => functions.get(fnId)),
      ...events.addSchedules(schedules, (fnId) => functions.get(fnId)),
    ];
    api.addRoutes(httpRoutes, (fnId) => functions.get(fnId));

    const alarms = new StammkundeAlarms(this, "Alarms", {
      email: config.alarmEmail,
      breaker: config.breaker,
    });
    for (const { route, queue } of ruleQueues) alarms.watchQueue(`${route}-dlq`, queue);
    for (const { name, queue } of functions.failureQueues) alarms.watchQueue(name, queue);
    for (const [fnId, fn] of functions.all()) alarms.watchFunction(fnId, fn);
    new StammkundeDashboard(this, "Dashboard", {
      functions: functions.all(),
      queues: [
        ...ruleQueues.map(({ route, queue }) => ({ name: `${route}-dlq`, queue })),
        ...functions.failureQueues,
      ],
    });
  }
}
