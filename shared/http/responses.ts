import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { z } from "zod";
import { plainMessage } from "./issue-messages";

export type HttpResult = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

export interface FieldIssue {
  path: string;
  message: string;
}

export function badRequest(error: string, issues: FieldIssue[] = []): HttpResult {
  return json(400, { error, issues });
}

/** zod issues as `{path: "events.3.customer.email", message}`: the field a user has to fix. */
export function zodIssues(error: z.ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path].map(String).join(".") || "(body)",
    message: plainMessage(i),
  }));
}

export function describeIssues(issues: FieldIssue[]): string {
  const first = issues[0];
  if (!first) return "the body does not fit";
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : "";
  return `${first.path}: ${first.message}${more}`;
}
