import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { splitCsvLine } from "../intelligence/transaction-layouts";
import { isGzip } from "../intelligence/transactions";

/** A physical line of the file, numbered from 1 as an editor shows it (the header is line 1). */
export interface Line {
  line: number;
  text: string;
}

/** A CSV record: its fields and the line it starts on (a quoted field may span several lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * Streams a .csv, .jsonl or gzip file (detected by its magic bytes, not its name) line by line:
 * memory stays flat however large the file. Each call opens the file afresh, so a reader may
 * make several passes.
 */
export async function* fileLines(path: string): AsyncGenerator<Line> {
  const gz = await isGzip(path);
  const file = createReadStream(path);
  const input: Readable = gz ? file.pipe(createGunzip()) : file;
  file.on("error", (e) => input.destroy(e));
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of lines) {
      line++;
      yield { line, text: line === 1 ? text.replace(/^\uFEFF/, "") : text };
    }
  } finally {
    lines.close();
    file.destroy();
  }
}

/** RFC 4180 records: a record continues onto the next line while a quoted field is still open. */
export async function* csvRecords(lines: AsyncIterable<Line>): AsyncGenerator<CsvRecord> {
  let pending: Line | undefined;
  let quotes = 0;
  for await (const { line, text } of lines) {
    if (pending) {
      pending = { line: pending.line, text: `${pending.text}\n${text}` };
    } else {
      if (text.trim() === "") continue;
      pending = { line, text };
      quotes = 0;
    }
    // Doubled quotes inside a field keep the count even, so an odd count means a field is open.
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 34) quotes++;
    if (quotes % 2 === 1) continue;
    yield { line: pending.line, fields: splitCsvLine(pending.text) };
    pending = undefined;
  }
  if (pending) yield { line: pending.line, fields: splitCsvLine(pending.text) };
}

/** The number of lines, for progress and ETA: newline bytes counted in raw chunks, no strings made. */
export async function countLines(path: string): Promise<number> {
  const file = createReadStream(path);
  const input: Readable = (await isGzip(path)) ? file.pipe(createGunzip()) : file;
  file.on("error", (e) => input.destroy(e));
  let count = 0;
  let last = 10;
  for await (const chunk of input as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) count++;
    if (chunk.length > 0) last = chunk[chunk.length - 1] as number;
  }
  // A last line without a newline is still a line.
  return last === 10 ? count : count + 1;
}

/** Column positions by header name, case- and space-insensitive; -1 where a column is absent. */
export function columnsOf<K extends string>(
  header: readonly string[],
  wanted: Record<K, readonly string[]>,
): Record<K, number> {
  const names = header.map((h) => h.trim().toLowerCase());
  const out = {} as Record<K, number>;
  for (const key of Object.keys(wanted) as K[]) {
    out[key] = names.findIndex((n) => wanted[key].includes(n));
  }
  return out;
}
