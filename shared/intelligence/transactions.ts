import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { parseDay } from "./days";
import { detectLayout, type Layout, type RowReader } from "./transaction-layouts";

/** One customer's purchases, one entry per purchase day (same-day orders are combined, as in
 * Fader, Hardie & Lee's CDNOW data); days ascending, amount = that day's revenue. */
export interface CustomerHistory {
  customerId: string;
  days: number[];
  amounts: number[];
}

export interface ReadStats {
  layout: Layout;
  lines: number;
  usedRows: number;
  skippedNoCustomer: number;
  skippedCancellations: number;
  skippedInvalid: number;
  /** Purchase days whose lines net below zero (returns booked as sales lines): not purchases.
   * Zero-value days stay: CDNOW has $0 orders and the published x counts them. */
  droppedNegativeDays: number;
  customers: number;
  purchaseDays: number;
}

export interface TransactionSet {
  histories: CustomerHistory[];
  stats: ReadStats;
}

export class TransactionFileError extends Error {}

/**
 * Reads transaction lines of any recognised layout (see transaction-layouts.ts) and folds them into
 * per-customer purchase days as they stream past: memory grows with customers x purchase days,
 * not with the number of lines.
 */
export async function readTransactions(
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<TransactionSet> {
  const perCustomer = new Map<string, Map<number, number>>();
  let reader: RowReader | undefined;
  const stats: ReadStats = {
    layout: "generic",
    lines: 0,
    usedRows: 0,
    skippedNoCustomer: 0,
    skippedCancellations: 0,
    skippedInvalid: 0,
    droppedNegativeDays: 0,
    customers: 0,
    purchaseDays: 0,
  };
  for await (const raw of lines) {
    const line = raw.replace(/^\uFEFF/, "");
    if (line.trim() === "") continue;
    stats.lines++;
    if (reader === undefined) {
      reader = detectLayout(line);
      if (reader === undefined) {
        throw new TransactionFileError(
          "unrecognised transaction file: expected a header with customer id, date and amount columns " +
            "(customer_id,date,amount), the Online Retail II header, or CDNOW's whitespace-separated rows",
        );
      }
      stats.layout = reader.layout;
      if (reader.hasHeader) continue;
    }
    const row = reader.read(line);
    if (row.kind === "no-customer") stats.skippedNoCustomer++;
    else if (row.kind === "cancellation") stats.skippedCancellations++;
    else if (row.kind === "invalid") stats.skippedInvalid++;
    else {
      const day = parseDay(row.date);
      if (day === undefined || !Number.isFinite(row.amount)) {
        stats.skippedInvalid++;
        continue;
      }
      stats.usedRows++;
      let days = perCustomer.get(row.customerId);
      if (days === undefined) {
        days = new Map();
        perCustomer.set(row.customerId, days);
      }
      days.set(day, (days.get(day) ?? 0) + row.amount);
    }
  }
  if (reader === undefined) throw new TransactionFileError("the transaction file is empty");
  const histories: CustomerHistory[] = [];
  for (const [customerId, days] of perCustomer) {
    const entries = [...days].filter(([, amount]) => amount >= 0).sort((a, b) => a[0] - b[0]);
    stats.droppedNegativeDays += days.size - entries.length;
    if (entries.length === 0) continue;
    histories.push({ customerId, days: entries.map((e) => e[0]), amounts: entries.map((e) => e[1]) });
    stats.purchaseDays += entries.length;
  }
  stats.customers = histories.length;
  return { histories, stats };
}

/** Opens a .csv, .txt or gzip file (detected by its magic bytes, not its name) as a line stream. */
export async function readTransactionFile(path: string): Promise<TransactionSet> {
  const gz = await isGzip(path);
  const file = createReadStream(path);
  const input: Readable = gz ? file.pipe(createGunzip()) : file;
  file.on("error", (e) => input.destroy(e));
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    return await readTransactions(lines);
  } finally {
    lines.close();
    file.destroy();
  }
}

export async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
