import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Powertools' structured JSON logger. Log ids (event id, customer key, order id), never email
 * addresses or names: customer keys are hashes for exactly this reason.
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({
    serviceName,
    logLevel: (process.env.LOG_LEVEL as "INFO" | undefined) ?? (process.env.VITEST ? "SILENT" : "INFO"),
  });
}
