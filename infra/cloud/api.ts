import { CfnOutput, Validations } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  ApiMapping,
  DomainName,
  HttpApi,
  HttpMethod,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpIamAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { FunctionId } from "../../shared/events/routing";
import type { HttpRoute } from "../../shared/http/routes";

/**
 * Access log fields. No path or query string: `GET /admin/customers?email=` would put an email
 * address in the log, and the route key says which route was hit without it.
 */
const ACCESS_LOG_FIELDS = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  routeKey: "$context.routeKey",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  latencyMs: "$context.responseLatency",
  integrationError: "$context.integrationErrorMessage",
  caller: "$context.identity.caller",
};

/**
 * The HTTP API, from HTTP_ROUTES minus the local-only ones. Admin routes need SigV4-signed
 * requests (IAM); public routes verify their callers themselves (HMAC signatures, signed tokens).
 * Routes are added after construction: the functions behind them need the API's URL first (the
 * links in emails point at it), and only the routes refer back to the functions.
 */
export interface StammkundeApiProps {
  /** The API on the shop's own domain (config `apiDomain`): the links in mails use it. */
  domain?: { domainName: string; certificateArn: string };
}

export class StammkundeApi extends Construct {
  readonly api: HttpApi;
  private readonly integrations = new Map<FunctionId, HttpLambdaIntegration>();
  private readonly domainName?: string;

  constructor(scope: Construct, id: string, props: StammkundeApiProps = {}) {
    super(scope, id);
    // The default stage is made by hand below: only an explicit stage takes throttling and logs.
    this.api = new HttpApi(this, "HttpApi", {
      apiName: "stammkunde",
      description:
        "Stammkunde: events, webhooks, unsubscribe, confirmation and survey links, and the admin API",
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.THREE_MONTHS });
    const stage = this.api.addStage("DefaultStage", {
      stageName: "$default",
      autoDeploy: true,
      // Account-wide limits are shared with every other API; these keep one noisy shop or a
      // retry storm from using them all up. Shops retry webhooks on 429.
      throttle: { rateLimit: 100, burstLimit: 200 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });

    new CfnOutput(this, "Url", { value: stage.url, description: "Base URL of the HTTP API" });

    if (props.domain) {
      const domain = new DomainName(this, "Domain", {
        domainName: props.domain.domainName,
        certificate: Certificate.fromCertificateArn(this, "Certificate", props.domain.certificateArn),
      });
      new ApiMapping(this, "Mapping", { api: this.api, domainName: domain, stage });
      this.domainName = props.domain.domainName;
      new CfnOutput(this, "DomainTarget", {
        value: domain.regionalDomainName,
        description: `Point ${props.domain.domainName} here (CNAME)`,
      });
    }
  }

  /**
   * Base URL for links, without a trailing slash (`<url>/unsubscribe`): the own domain when one
   * is configured, else the API's endpoint (the `$default` stage has no path of its own).
   */
  get url(): string {
    return this.domainName ? `https://${this.domainName}` : this.api.apiEndpoint;
  }

  addRoutes(routes: readonly HttpRoute[], functionFor: (id: FunctionId) => IFunction): void {
    const iam = new HttpIamAuthorizer();
    const integrationFor = (target: FunctionId) => {
      let integration = this.integrations.get(target);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${target}-integration`, functionFor(target));
        this.integrations.set(target, integration);
      }
      return integration;
    };

    for (const route of routes.filter((r) => r.auth !== "local")) {
      const created = this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrationFor(route.target),
        ...(route.auth === "admin" ? { authorizer: iam } : {}),
      });
      if (route.auth !== "public") continue;
      for (const httpRoute of created) {
        Validations.of(httpRoute).acknowledge({
          id: "AwsSolutions-APIG4",
          reason:
            "Public by design: shop platforms and event senders cannot sign SigV4, so these routes " +
            "authenticate the caller inside the function (HMAC signature of the raw body on /events " +
            "and webhooks, signed tokens on /unsubscribe, /confirm and /survey) or return no data (/health).",
        });
      }
    }
  }
}
