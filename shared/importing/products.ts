import { jsonObject } from "./canonical";
import type { FormatContext, ImportItem } from "./format";

/**
 * JSON Lines of products, one per line, in the fields of `product.updated`'s data
 * (`{"productId", "title", "category", "url", "imageUrl"?, "price": {amount, currency},
 * "available"}`) plus an optional `updatedAt`: a catalog export to start the product blocks with.
 * Without `updatedAt` a product counts as older than any live event, so a product webhook or event
 * always wins over the import, and importing the same file again changes nothing.
 */
export const IMPORT_BASELINE_TIME = "1970-01-01T00:00:00.000Z";

export async function* readProducts(ctx: FormatContext): AsyncGenerator<ImportItem> {
  for await (const { line, text } of ctx.lines()) {
    if (text.trim() === "") continue;
    const value = jsonObject(text) as Record<string, unknown> | undefined;
    if (!value) {
      yield { kind: "reject", line, reason: "not a JSON object (one product per line)" };
      continue;
    }
    const { updatedAt, ...data } = value;
    const at = typeof updatedAt === "string" ? updatedAt : IMPORT_BASELINE_TIME;
    yield {
      kind: "events",
      line,
      events: [
        {
          id: `import:product:${String(data.productId)}:${at}`,
          shop: ctx.shop,
          type: "product.updated",
          occurredAt: at,
          data,
        },
      ],
    };
  }
}
