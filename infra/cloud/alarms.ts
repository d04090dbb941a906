import { CfnOutput, Duration, Stack } from "aws-cdk-lib";
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import { PolicyStatement, ServicePrincipal } from "aws-cdk-lib/aws-iam";
import { Key } from "aws-cdk-lib/aws-kms";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import type { IQueue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { ENGINE_METRICS } from "../../shared/campaigns/delivery-metrics";

/**
 * Alarms to one SNS topic: any message in a dead-letter queue, any function error, and the
 * deliverability circuit breaker holding mail back. Each threshold is "more than zero" because each
 * means an event or a request was not handled as it should be, or mail is not going out.
 * `email` (the deployment configuration's `alarmEmail`) is subscribed to the topic.
 */
export interface StammkundeAlarmsProps {
  email?: string | undefined;
  /** The breaker's thresholds, as the dispatch functions get them: the alarm's text names them. */
  breaker: { maxComplaintRate: number; maxBounceRate: number; windowDays: number };
}

export class StammkundeAlarms extends Construct {
  readonly topic: Topic;
  /** The circuit breaker (shared/campaigns/guardrails.ts) deferred promotional mail. */
  readonly breaker: Alarm;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: StammkundeAlarmsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const cloudwatch = new ServicePrincipal("cloudwatch.amazonaws.com");
    // A customer-managed key: CloudWatch cannot publish to a topic encrypted with the AWS-managed
    // `aws/sns` key, whose policy cannot be changed to let it in.
    const key = new Key(this, "TopicKey", {
      description: "Encrypts the Stammkunde alarm topic",
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudwatch],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: { StringEquals: { "aws:SourceAccount": stack.account } },
      }),
    );
    this.topic = new Topic(this, "Topic", {
      displayName: "Stammkunde alarms",
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL gives the topic a policy, which replaces the default one that let alarms in.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [cloudwatch],
        actions: ["sns:Publish"],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { "aws:SourceAccount": stack.account },
          ArnLike: {
            "aws:SourceArn": `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*`,
          },
        },
      }),
    );
    if (props.email) this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);
    new CfnOutput(this, "TopicArn", { value: this.topic.topicArn, description: "Subscribe here for alarms" });
    this.breaker = this.watchBreaker(props.breaker);
  }

  /**
   * Fires on the first promotional message the breaker defers (EMF metric BreakerDeferred of the
   * campaign engine) and stays in alarm for an hour after the last one: a held message is looked
   * at again every hour, so while the breaker is open the alarm does not flap.
   */
  private watchBreaker(breaker: StammkundeAlarmsProps["breaker"]): Alarm {
    const percent = (share: number) => `${Number((share * 100).toPrecision(6))} %`;
    const alarm = new Alarm(this, "breaker-open", {
      alarmDescription:
        `The deliverability circuit breaker is holding promotional mail back: complaint rate above ${percent(breaker.maxComplaintRate)} or ` +
        `bounce rate above ${percent(breaker.maxBounceRate)} over ${breaker.windowDays} days. The dispatch log's breakerOpen names the shop and which rate; find ` +
        "the cause (an imported list, a campaign) before mail resumes (README: Privacy and compliance)",
      metric: new Metric({
        namespace: ENGINE_METRICS.namespace,
        metricName: ENGINE_METRICS.names.breakerDeferred,
        dimensionsMap: { service: ENGINE_METRICS.service },
        statistic: "Sum",
        period: Duration.minutes(5),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 12,
      datapointsToAlarm: 1,
      // No deferral, no datapoint: the breaker is closed or nothing promotional is due.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  /** Fires as soon as one message sits in the queue. */
  watchQueue(name: string, queue: IQueue): Alarm {
    const alarm = new Alarm(this, `${name}-depth`, {
      alarmDescription: `Messages in dead-letter queue ${name}: inspect, fix, redrive`,
      metric: queue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: "Maximum",
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      // An empty queue reports no datapoints at times; that is the healthy state.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }

  /** Fires on any error in a five-minute window. */
  watchFunction(name: string, fn: IFunction): Alarm {
    const alarm = new Alarm(this, `${name}-errors`, {
      alarmDescription: `Errors in function ${name}: see its log group`,
      metric: fn.metricErrors({ period: Duration.minutes(5), statistic: "Sum" }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    return alarm;
  }
}
