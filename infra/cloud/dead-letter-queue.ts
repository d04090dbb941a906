import { Duration } from "aws-cdk-lib";
import { Queue, QueueEncryption } from "aws-cdk-lib/aws-sqs";
import type { Construct } from "constructs";

/**
 * A queue that catches what could not be delivered or processed. SQS-managed encryption (SSE-SQS)
 * rather than a KMS key: EventBridge cannot write to a queue encrypted with the AWS-managed
 * `aws/sqs` key, and SSE-SQS needs no key policy. 14 days (the maximum) gives an operator time to
 * look and redrive after a weekend.
 */
export function deadLetterQueue(scope: Construct, id: string): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
}
