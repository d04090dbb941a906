import type { FormatContext, ImportItem } from "./format";

/**
 * JSON Lines of canonical events (../shared/CONTRACT.md), one per line, as `POST /events` takes
 * them. The importer validates each with the same zod schema; an event without a shop belongs to
 * `--shop`. Ids are the producer's, so re-importing or later sending the same event counts once.
 */
export async function* readCanonical(ctx: FormatContext): AsyncGenerator<ImportItem> {
  for await (const { line, text } of ctx.lines()) {
    if (text.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { kind: "reject", line, reason: "not a JSON object" };
      continue;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      yield { kind: "reject", line, reason: "not a JSON object" };
      continue;
    }
    yield { kind: "events", line, events: [{ shop: ctx.shop, ...value }] };
  }
}
