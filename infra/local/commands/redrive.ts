import { parseArgs } from "node:util";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueuesCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { type BusPort, type DlqPort, redriveQueue } from "./dlq-redrive";

export const REDRIVE_SUMMARY =
  "redrive [--queue <url|name>] [--max N] [--dry-run] [--bus stammkunde] [--prefix Stammkunde]  " +
  "move dead-lettered events back (AWS credentials of the deployed stack)";

/** How long a received message stays hidden while we put it back; a crash lets it reappear. */
const VISIBILITY_SECONDS = 60;

export function sqsPort(sqs: SQSClient): DlqPort {
  return {
    async sourceQueues(QueueUrl) {
      return (await sqs.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl }))).queueUrls ?? [];
    },
    async startMoveTask(QueueUrl) {
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
      const SourceArn = attrs.Attributes?.QueueArn;
      if (!SourceArn) throw new Error(`${QueueUrl}: no QueueArn`);
      // Without a destination SQS moves each message back to the queue it came from.
      return (await sqs.send(new StartMessageMoveTaskCommand({ SourceArn }))).TaskHandle ?? "";
    },
    async receive(QueueUrl, max) {
      const out = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl,
          MaxNumberOfMessages: max,
          VisibilityTimeout: VISIBILITY_SECONDS,
          WaitTimeSeconds: 1,
        }),
      );
      return (out.Messages ?? []).map((m) => ({
        id: m.MessageId ?? "",
        receiptHandle: m.ReceiptHandle ?? "",
        body: m.Body ?? "",
      }));
    },
    async delete(QueueUrl, ReceiptHandle) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle }));
    },
    async release(QueueUrl, ReceiptHandle) {
      await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout: 0 }));
    },
  };
}

export function eventBridgePort(client: EventBridgeClient, busName: string): BusPort {
  return {
    async put(entries) {
      const out = await client.send(
        new PutEventsCommand({
          Entries: entries.map((e) => ({
            EventBusName: busName,
            Source: e.source,
            DetailType: e.detailType,
            Detail: e.detail,
            ...(e.time ? { Time: e.time } : {}),
            ...(e.resources ? { Resources: e.resources } : {}),
          })),
        }),
      );
      return entries.map((_, i) => {
        const result = out.Entries?.[i];
        return result?.EventId ? undefined : (result?.ErrorCode ?? "no result");
      });
    },
  };
}

/** Every dead-letter queue of the stack: the queues named by CDK after `<prefix>...dlq` / `...failures`. */
async function stackDlqs(sqs: SQSClient, prefix: string): Promise<string[]> {
  const urls: string[] = [];
  let NextToken: string | undefined;
  do {
    const out = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: prefix, NextToken }));
    urls.push(...(out.QueueUrls ?? []));
    NextToken = out.NextToken;
  } while (NextToken);
  return urls.filter((u) => /dlq|failures/i.test(u.slice(u.lastIndexOf("/") + 1)));
}

export async function runRedrive(argv: string[], deps: { out: (line: string) => void }): Promise<number> {
  let values: { queue?: string; max?: string; "dry-run"?: boolean; bus?: string; prefix?: string };
  try {
    values = parseArgs({
      args: argv,
      options: {
        queue: { type: "string" },
        max: { type: "string" },
        "dry-run": { type: "boolean" },
        bus: { type: "string" },
        prefix: { type: "string" },
      },
    }).values;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  const max = values.max === undefined ? Number.POSITIVE_INFINITY : Number(values.max);
  if (!(max > 0) || (values.max !== undefined && !Number.isInteger(max))) {
    console.error(`--max: must be a whole number > 0: ${values.max}`);
    return 2;
  }
  try {
    return await redrive(values, max, deps);
  } catch (error) {
    const message = missingAwsAccess(error);
    if (!message) throw error;
    deps.out(message);
    return 2;
  }
}

/**
 * redrive works on the deployed stack's queues, never the local host's: without credentials or a
 * region the SDK's own error names neither the command nor what to set.
 */
export function missingAwsAccess(error: unknown): string | undefined {
  const e = error as Error;
  const what = /region/i.test(e.message)
    ? "a region"
    : e.name === "CredentialsProviderError" || /credential/i.test(e.message)
      ? "credentials"
      : undefined;
  if (!what) return undefined;
  return (
    `redrive works on the deployed stack in AWS and found no ${what === "a region" ? "region" : "credentials"}: ` +
    "set AWS_PROFILE (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run aws sso login) and AWS_REGION " +
    `to the stack's account and region (${e.message.split("\n")[0]})`
  );
}

async function redrive(
  values: { queue?: string; "dry-run"?: boolean; bus?: string; prefix?: string },
  max: number,
  deps: { out: (line: string) => void },
): Promise<number> {
  const sqs = new SQSClient({});
  const bus = eventBridgePort(new EventBridgeClient({}), values.bus ?? "stammkunde");
  const queues = values.queue
    ? [
        values.queue.startsWith("https://")
          ? values.queue
          : ((await sqs.send(new GetQueueUrlCommand({ QueueName: values.queue }))).QueueUrl ?? values.queue),
      ]
    : await stackDlqs(sqs, values.prefix ?? "Stammkunde");
  if (queues.length === 0) deps.out("no dead-letter queues found (pass --queue or --prefix)");
  let left = 0;
  for (const url of queues) {
    const result = await redriveQueue(url, sqsPort(sqs), bus, {
      max,
      dryRun: values["dry-run"] ?? false,
      log: deps.out,
    });
    left += result.left;
    if (result.mode === "put-events")
      deps.out(`${url}: ${result.moved} put back on the bus, ${result.left} left in the queue`);
  }
  return left > 0 ? 1 : 0;
}
