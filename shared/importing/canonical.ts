import type { FormatContext, ImportItem } from "./format";

/**
 * JSON Lines of canonical events (docs/contract.md), one per line, as `POST /events` takes
 * them. The importer validates each with the same zod schema; an event without a shop belongs to
 * `--shop`. Ids are the producer's, so re-importing or later sending the same event counts once.
 */
export async function* readCanonical(ctx: FormatContext): AsyncGenerator<ImportItem> {
  for await (const { line, text } of ctx.lines()) {
    if (text.trim() === "") continue;
    const value = jsonObject(text);
    if (value) yield { kind: "events", line, events: [{ shop: ctx.shop, ...value }] };
    else yield { kind: "reject", line, reason: "not a JSON object" };
  }
}

/** The line as a JSON object, or undefined when it is not one (bad JSON, an array, a scalar). */
export function jsonObject(text: string, parse: (text: string) => unknown = JSON.parse): object | undefined {
  try {
    const value = parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
