import type { LogItem } from "@aws-lambda-powertools/logger";
import { Logger } from "@aws-lambda-powertools/logger";

/** Attributes every Powertools log item carries: left out of the short line. */
const STANDARD = new Set([
  "level",
  "message",
  "timestamp",
  "service",
  "sampling_rate",
  "xray_trace_id",
  "cold_start",
  "function_arn",
  "function_memory_size",
  "function_name",
  "function_request_id",
]);
const MAX_LINE = 160;

/** `10:15:02 apply-shop-event applied eventId=evt-1 outcome=written`: one short line per log. */
export function shortLine(attributes: Record<string, unknown>): string {
  const time = String(attributes.timestamp ?? "").slice(11, 19);
  const level = attributes.level === "INFO" ? "" : ` ${String(attributes.level)}`;
  const fields = Object.entries(attributes)
    .filter(([k, v]) => !STANDARD.has(k) && v !== undefined && (typeof v !== "object" || v === null))
    .map(([k, v]) => `${k}=${String(v)}`);
  const line = [`${time}${level} ${String(attributes.service)}`, String(attributes.message), ...fields].join(
    " ",
  );
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

/**
 * Full JSON lines in AWS (CloudWatch and Logs Insights read them); on the `npm start` terminal
 * (LOG_FORMAT=line, which the local host sets) one short line each, since a screen of JSON per
 * event hides what happened.
 */
class HostAwareLogger extends Logger {
  protected override printLog(logLevel: number, log: LogItem): void {
    if (process.env.LOG_FORMAT !== "line") {
      super.printLog(logLevel, log);
      return;
    }
    log.prepareForPrint();
    process.stdout.write(`${shortLine(log.getAttributes())}\n`);
  }
}

/**
 * Powertools' structured logger. Log ids (event id, customer key, order id), never email
 * addresses or names: customer keys are hashes for exactly this reason.
 */
export function createLogger(serviceName: string): Logger {
  return new HostAwareLogger({
    serviceName,
    logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? (process.env.VITEST ? "SILENT" : "INFO"),
  });
}
