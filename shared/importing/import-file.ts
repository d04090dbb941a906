import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { ZodError } from "zod";
import { customerKeyOf } from "../domain/identity";
import { isProductEvent, ShopEvent } from "../events/product-events";
import { plainMessage } from "../http/issue-messages";
import { KeyedRunner, LineWatermark } from "./bounded";
import { readCanonical } from "./canonical";
import {
  detectFormat,
  type FormatContext,
  type FormatName,
  type FormatReader,
  ImportFileError,
} from "./format";
import { readOnlineRetail } from "./online-retail";
import { readPlatformOrders } from "./platform-orders";
import { readProducts } from "./products";
import type { ImportProgress } from "./progress";
import { countLines, fileLines } from "./records";
import { RejectFile } from "./reject-file";
import { type ResumeStates, sidecarPath } from "./resume-state";
import { readShopifyOrders } from "./shopify-orders";

export interface ImportOptions {
  file: string;
  /** Detected from the first line when absent. */
  format?: FormatName;
  shop?: string;
  /** Default `<file>.rejects.csv` (the working directory if the file's folder is read-only). */
  rejectsPath?: string;
  /** Apply every line even if this database has this file as imported (`--again`). */
  again?: boolean;
  /** Events applied at once (default 16). */
  concurrency?: number;
}

export interface ImportDeps {
  /** Applies one event the way the live functions do (applyShopEvent; a product: applyCatalogEvent). */
  apply(event: ShopEvent): Promise<string | undefined>;
  /** The resume states, kept in the database the events go to. */
  states: ResumeStates;
  onProgress?(progress: ImportProgress): void;
  /** Stops reading; what is in flight finishes and the resume state is kept. */
  signal?: AbortSignal;
}

export interface ImportSummary {
  format: FormatName;
  lines: number;
  /** The line the reader got to (all of them when complete). */
  reached: number;
  resumedFrom: number;
  applied: number;
  skipped: number;
  rejected: number;
  /** How often each outcome of `apply` came back ("written", "folded", "unchanged"). */
  outcomes: Record<string, number>;
  complete: boolean;
  /** Where the resume state is, for messages: the table and the item's sort key. */
  stateIn: string;
  rejectsPath: string;
  elapsedMs: number;
}

const READERS: Record<FormatName, FormatReader> = {
  "online-retail": readOnlineRetail,
  // Shopify's CSV export, or JSON Lines of its REST order resources (exact ids and customers).
  "shopify-orders": async function* (ctx) {
    yield* (await startsWithJson(ctx)) ? readPlatformOrders("shopify")(ctx) : readShopifyOrders(ctx);
  },
  "woocommerce-orders": readPlatformOrders("woocommerce"),
  canonical: readCanonical,
  products: readProducts,
};

const SHOP = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/;
const PROGRESS_EVERY_MS = 250;
const STATE_EVERY_MS = 1000;
const YIELD_EVERY_MS = 5;

/**
 * Streams a file of historical orders into profiles through `deps.apply`, with bounded
 * concurrency. Bad rows go to the reject file (line, reason) and do not stop the import. Event ids
 * are deterministic, so re-running, resuming after a crash or receiving the live events later
 * counts every order once; the resume state only saves re-doing the writes.
 */
export async function importFile(options: ImportOptions, deps: ImportDeps): Promise<ImportSummary> {
  const started = performance.now();
  const shop = options.shop ?? "default";
  if (!SHOP.test(shop)) throw new ImportFileError(`--shop: not a shop id: ${shop}`);
  const { size } = await stat(options.file);
  const format = options.format ?? (await detect(options.file));
  const reader = READERS[format];
  const rejectsPath = options.rejectsPath ?? (await sidecarPath(options.file, ".rejects.csv"));
  const fingerprint = `${size} bytes, ${format}, shop ${shop}`;
  // The file's content names the import: a renamed copy resumes, an edited file starts over.
  const importId = `${format}#${await contentHash(options.file)}`;
  const previous = options.again ? undefined : await deps.states.read(shop, importId);
  const resumedFrom = previous?.line ?? 0;
  const totalLines = await countLines(options.file);

  const summary: ImportSummary = {
    format,
    lines: totalLines,
    reached: 0,
    resumedFrom,
    applied: 0,
    skipped: 0,
    rejected: 0,
    outcomes: {},
    complete: false,
    stateIn: `${deps.states.where}, import ${importId}`,
    rejectsPath,
    elapsedMs: 0,
  };
  const rejects = await RejectFile.open(rejectsPath);
  const runner = new KeyedRunner(Math.max(1, options.concurrency ?? 16));
  const watermark = new LineWatermark();
  let line = 0;
  let lastProgress = 0;
  let lastState = performance.now();
  let lastYield = lastState;
  let startMs = 0;
  const progress = (done: boolean): ImportProgress => ({
    line: done && summary.complete ? totalLines : line,
    totalLines,
    startLine: resumedFrom,
    startMs,
    applied: summary.applied,
    skipped: summary.skipped,
    rejected: rejects.count,
    elapsedMs: performance.now() - started,
    done,
  });
  const saveState = (complete: boolean) =>
    deps.states.write(shop, importId, {
      version: 1,
      fingerprint,
      line: complete ? totalLines : Math.max(resumedFrom, watermark.safeLine()),
      complete,
      updatedAt: new Date().toISOString(),
    });

  let readerDone = false;
  let stopped = false;
  try {
    for await (const item of reader({ shop, lines: () => fileLines(options.file) })) {
      if (deps.signal?.aborted || runner.failed) {
        stopped = true;
        break;
      }
      if (line <= resumedFrom && item.line > resumedFrom) startMs = performance.now() - started;
      line = item.line;
      watermark.reach(line);
      if (item.kind === "reject") {
        await rejects.add(item.line, item.reason);
      } else {
        const events: ShopEvent[] = [];
        for (const raw of item.events) {
          const parsed = ShopEvent.safeParse(raw);
          if (parsed.success) events.push(parsed.data);
          else await rejects.add(item.line, issues(parsed.error));
        }
        if (item.line <= resumedFrom) summary.skipped += events.length;
        else if (events.length > 0) {
          const ticket = watermark.start(item.line);
          const first = events[0] as ShopEvent;
          // One customer's (or product's) events in order; different ones in parallel.
          const key = isProductEvent(first) ? `P#${first.data.productId}` : customerKeyOf(first.customer);
          await runner.run(`${first.shop} ${key}`, async () => {
            // Stopped (Ctrl-C): what is queued stays undone, below the resume point.
            if (deps.signal?.aborted) return;
            for (const event of events) {
              const outcome = (await deps.apply(event)) ?? "applied";
              summary.outcomes[outcome] = (summary.outcomes[outcome] ?? 0) + 1;
              summary.applied++;
            }
            watermark.finish(ticket);
          });
        }
      }
      const now = performance.now();
      // Rows that need no write never leave the microtask queue: let signals (Ctrl-C) and timers in.
      if (now - lastYield >= YIELD_EVERY_MS) {
        lastYield = now;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (deps.onProgress && now - lastProgress >= PROGRESS_EVERY_MS) {
        lastProgress = now;
        deps.onProgress(progress(false));
      }
      if (now - lastState >= STATE_EVERY_MS) {
        lastState = now;
        await saveState(false);
      }
    }
    readerDone = !stopped;
  } finally {
    // Whatever stopped the run (the end, Ctrl-C, a failed write, an unreadable file), the state
    // records only what is applied, so the next run continues from there.
    await runner.drain();
    summary.complete = readerDone && !runner.failed && watermark.allFinished();
    if (line > 0) await saveState(summary.complete);
    summary.rejected = rejects.count;
    await rejects.close(line === 0 && !readerDone);
  }
  summary.reached = summary.complete ? totalLines : line;
  summary.elapsedMs = performance.now() - started;
  deps.onProgress?.(progress(true));
  if (runner.failed) throw runner.error;
  return summary;
}

async function contentHash(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex").slice(0, 32);
}

async function detect(file: string): Promise<FormatName> {
  for await (const { text } of fileLines(file)) {
    if (text.trim() === "") continue;
    const format = detectFormat(text);
    if (format) return format;
    break;
  }
  throw new ImportFileError("cannot tell the file's format from its first line: pass --format");
}

async function startsWithJson(ctx: FormatContext): Promise<boolean> {
  for await (const { text } of ctx.lines()) if (text.trim() !== "") return text.trim().startsWith("{");
  return false;
}

/** The zod issues of a rejected event, each naming its field (never its value: it may be personal). */
function issues(error: ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "event"}: ${plainMessage(i)}`)
    .join("; ");
}
