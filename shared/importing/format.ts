import type { Line } from "./records";

/** The file formats `import` reads. */
export const FORMATS = [
  "online-retail",
  "shopify-orders",
  "woocommerce-orders",
  "canonical",
  "products",
] as const;
export type FormatName = (typeof FORMATS)[number];

/**
 * What a format reader yields, in non-decreasing line order: canonical events (not yet validated)
 * that are due once `line` has been read, or a rejected row. Events of a multi-line order are
 * due at the order's last line, so "every item up to line L is applied" is a safe resume point.
 */
export type ImportItem =
  | { kind: "events"; line: number; events: unknown[] }
  | { kind: "reject"; line: number; reason: string };

export interface FormatContext {
  shop: string;
  /** Opens the file afresh: readers that group rows make a first pass to find each group's end. */
  lines(): AsyncIterable<Line>;
}

export type FormatReader = (ctx: FormatContext) => AsyncIterable<ImportItem>;

/** The file cannot be imported at all (wrong header, unknown format): nothing is written. */
export class ImportFileError extends Error {}

/**
 * Guesses the format from the first line: a platform's order resource (by fields only it has), a
 * canonical event (any other JSON object), or one of the known CSV headers.
 */
export function detectFormat(firstLine: string): FormatName | undefined {
  const text = firstLine.trim();
  if (text.startsWith("{")) {
    if (/"line_items"\s*:/.test(text) && /"date_created_gmt"\s*:/.test(text)) return "woocommerce-orders";
    if (/"line_items"\s*:/.test(text) && /"total_price"\s*:/.test(text)) return "shopify-orders";
    // A product line has the product's fields at the top, where an event has its type.
    if (/"productId"\s*:/.test(text) && !/"type"\s*:/.test(text)) return "products";
    return "canonical";
  }
  const header = text.toLowerCase();
  if (header.includes("invoice") && header.includes("stockcode")) return "online-retail";
  if (header.includes("lineitem quantity") && header.includes("financial status")) return "shopify-orders";
  return undefined;
}
