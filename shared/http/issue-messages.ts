import type { z } from "zod";

type Issue = z.core.$ZodIssue;

/**
 * zod's default messages in this project's one style for a user fixing a request: a missing field
 * says "required", a money amount sent as a number says to send a decimal string, an unknown
 * event type names the known ones. Everything else keeps zod's message.
 */
export function plainMessage(issue: Issue): string {
  const last = issue.path.at(-1);
  if (issue.code === "invalid_type") {
    if (/received undefined$/.test(issue.message)) return "required";
    if (last === "amount" && issue.expected === "string" && /received number$/.test(issue.message))
      return 'must be a decimal string such as "129.90", not a number (floating point loses cents)';
  }
  const choices = /^Invalid discriminator value\. Expected (.*)$/.exec(issue.message)?.[1];
  if (choices) return `unknown; must be one of ${choices.replaceAll("'", '"').replaceAll(" | ", ", ")}`;
  return issue.message;
}
