import { Duration, Stack, Validations } from "aws-cdk-lib";
import {
  type EventPattern as CdkEventPattern,
  EventBus,
  type IRuleTarget,
  Rule,
  Schedule,
} from "aws-cdk-lib/aws-events";
import { LambdaFunction } from "aws-cdk-lib/aws-events-targets";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import type { Queue } from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import type { EventPattern, FunctionId, Route } from "../../shared/events/routing";
import { deadLetterQueue } from "./dead-letter-queue";

export const BUS_NAME = "stammkunde";

/** One entry of SCHEDULES (shared/events/routing.ts): a job run by a schedule rule. */
export interface ScheduledJob {
  readonly job: string;
  readonly target: FunctionId;
  /** An EventBridge schedule expression, `rate(...)` or `cron(...)`. */
  readonly rate: string;
  readonly description: string;
}

/** A rule's dead-letter queue, named by the route it belongs to (for alarms and runbooks). */
export interface RouteQueue {
  readonly route: string;
  readonly queue: Queue;
}

/**
 * The custom bus with an archive (events can be replayed after a bug fix), and one rule per
 * routing-table entry, so the rules cannot drift from what the local host dispatches.
 */
export class StammkundeBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, "Bus", { eventBusName: BUS_NAME });
    this.bus.archive("Archive", {
      description: "Every event on the stammkunde bus, for replay after a fix",
      // Matches every event: all events on this bus come from this account.
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(90),
    });
  }

  /** One rule per route, each Lambda target with a retry policy and its own dead-letter queue. */
  addRoutes(routes: readonly Route[], functionFor: (id: FunctionId) => IFunction): RouteQueue[] {
    return routes.map((route) => {
      const queue = this.ruleDeadLetterQueue(route.name);
      const rule = new Rule(this, route.name, {
        description: route.description,
        // No eventBus: the account's default bus, where AWS services (SES, Scheduler) publish.
        ...(route.bus === "custom" ? { eventBus: this.bus } : {}),
        eventPattern: toCdkPattern(route.pattern),
      });
      rule.addTarget(this.lambdaTarget(functionFor(route.target), queue));
      return { route: route.name, queue };
    });
  }

  /**
   * One schedule rule per job (schedule rules live on the default bus), with the same retry policy
   * and its own dead-letter queue, named `schedule-<job>`.
   */
  addSchedules(schedules: readonly ScheduledJob[], functionFor: (id: FunctionId) => IFunction): RouteQueue[] {
    return schedules.map((job) => {
      const name = `schedule-${job.job}`;
      const queue = this.ruleDeadLetterQueue(name);
      const rule = new Rule(this, name, {
        description: job.description,
        schedule: Schedule.expression(job.rate),
      });
      rule.addTarget(this.lambdaTarget(functionFor(job.target), queue));
      return { route: name, queue };
    });
  }

  private ruleDeadLetterQueue(name: string): Queue {
    const queue = deadLetterQueue(this, `${name}-dlq`);
    Validations.of(queue).acknowledge({
      id: "AwsSolutions-SQS3",
      reason:
        `This queue is itself the dead-letter queue of the "${name}" rule's target ` +
        "(EventBridge DeadLetterConfig, which cdk-nag does not trace); a DLQ needs no DLQ.",
    });
    return queue;
  }

  private lambdaTarget(fn: IFunction, queue: Queue): IRuleTarget {
    return new LambdaFunction(fn, {
      deadLetterQueue: queue,
      // Delivery failures are Lambda throttling or a missing permission, which an operator can
      // fix within the day: keep trying that long before parking the event.
      maxEventAge: Duration.hours(24),
      retryAttempts: 185,
    });
  }
}

/**
 * The routing table writes patterns in EventBridge's own JSON; CDK's typed pattern spells
 * `detail-type` as `detailType` and renders it back, so only that key is renamed.
 */
function toCdkPattern(pattern: EventPattern): CdkEventPattern {
  const { "detail-type": detailType, ...rest } = pattern;
  return { ...rest, ...(detailType === undefined ? {} : { detailType }) } as CdkEventPattern;
}
