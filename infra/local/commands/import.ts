import { stat } from "node:fs/promises";
import { parseArgs } from "node:util";
import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { applyCatalogEvent } from "../../../functions/apply-catalog-event/apply-catalog";
import { applyShopEvent } from "../../../functions/apply-shop-event/apply-event";
import { DynamoCatalogStore } from "../../../shared/catalog/catalog-store";
import { isProductEvent } from "../../../shared/events/product-events";
import { FORMATS, type FormatName, ImportFileError } from "../../../shared/importing/format";
import { type ImportDeps, type ImportOptions, importFile } from "../../../shared/importing/import-file";
import {
  formatDuration,
  type ImportProgress,
  progressBar,
  progressLine,
} from "../../../shared/importing/progress";
import { DynamoConsentLedger } from "../../../shared/persistence/consent-ledger";
import { DynamoResumeStates } from "../../../shared/persistence/import-state-store";
import { DynamoProfileStore } from "../../../shared/persistence/profile-store";
import { localClientConfig } from "../emulators";

export const IMPORT_SUMMARY =
  "import --file <csv|csv.gz|jsonl> [--format <f>] [--shop <id>] [--rejects <path>] [--again]  " +
  "load historical orders into profiles (resumable)";

const USAGE = `usage: import --file <csv|csv.gz|jsonl> [--format ${FORMATS.join("|")}]
              [--shop <id>] [--rejects <path>] [--concurrency <n>] [--again]
  Applies the file's orders to the profiles in DynamoDB (DYNAMODB_ENDPOINT, default http://127.0.0.1:8000,
  the \`npm start\` emulator; TABLE_NAME, default stammkunde) through the live profile writer's code.
  Bad rows go to <file>.rejects.csv (line,reason). How far the import got is kept in the table, so a
  re-run continues (or has nothing to do), and a fresh database imports the file again; --again
  applies every line once more.`;

/** The profile writer's use case against a table: what the CLI and the tests import through. */
export function tableApplier(target: { endpoint: string; tableName: string }): {
  apply: ImportDeps["apply"];
  states: ImportDeps["states"];
  check(): Promise<void>;
  close(): void;
} {
  const raw = new DynamoDBClient({ endpoint: target.endpoint, ...localClientConfig(), maxAttempts: 6 });
  const db = DynamoDBDocumentClient.from(raw, { marshallOptions: { removeUndefinedValues: true } });
  const profiles = new DynamoProfileStore(db, target.tableName);
  // Imported consent events go to the consent ledger first, as live ones do, so the profile's
  // consent and the ledger keep agreeing.
  const consents = new DynamoConsentLedger(db, target.tableName);
  const catalog = new DynamoCatalogStore(db, target.tableName);
  return {
    apply: (event) =>
      isProductEvent(event)
        ? applyCatalogEvent(event, { catalog })
        : applyShopEvent(event, { profiles, consents }),
    states: new DynamoResumeStates(db, target.tableName),
    async check() {
      try {
        await raw.send(new DescribeTableCommand({ TableName: target.tableName }));
      } catch (error) {
        const e = error as Error;
        throw new ImportFileError(
          e.name === "ResourceNotFoundException"
            ? `no table "${target.tableName}" at ${target.endpoint} (TABLE_NAME names another?)`
            : `cannot reach DynamoDB at ${target.endpoint} (is \`npm start\` running?): ${e.message}`,
        );
      }
    },
    close: () => raw.destroy(),
  };
}

function parse(argv: string[]): ImportOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      file: { type: "string" },
      format: { type: "string" },
      shop: { type: "string" },
      again: { type: "boolean", default: false },
      rejects: { type: "string" },
      concurrency: { type: "string" },
    },
    strict: true,
  });
  if (!values.file) throw new ImportFileError("--file is required");
  if (values.format !== undefined && !(FORMATS as readonly string[]).includes(values.format))
    throw new ImportFileError(`--format: one of ${FORMATS.join(", ")}, got ${values.format}`);
  const concurrency = Number(values.concurrency ?? 16);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256)
    throw new ImportFileError(`--concurrency: a whole number from 1 to 256, got ${values.concurrency}`);
  return {
    file: values.file,
    concurrency,
    ...(values.format ? { format: values.format as FormatName } : {}),
    ...(values.shop ? { shop: values.shop } : {}),
    ...(values.again ? { again: true } : {}),
    ...(values.rejects ? { rejectsPath: values.rejects } : {}),
  };
}

/** `import`: a progress bar on a terminal, a plain line every few seconds otherwise; Ctrl-C stops cleanly. */
export async function runImport(
  argv: string[],
  io: { out: (line: string) => void; tty?: boolean; write?: (text: string) => void },
): Promise<number> {
  let options: ImportOptions;
  try {
    options = parse(argv);
  } catch (error) {
    io.out(`error: ${(error as Error).message}`);
    io.out(USAGE);
    return 2;
  }
  if (!(await stat(options.file).catch(() => undefined))?.isFile()) {
    io.out(`error: --file ${options.file}: no such file`);
    return 2;
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT ?? "http://127.0.0.1:8000";
  const tableName = process.env.TABLE_NAME ?? "stammkunde";
  const table = tableApplier({ endpoint, tableName });
  const abort = new AbortController();
  let firstSigint = 0;
  const onSigint = () => {
    // Ctrl-C reaches npm, tsx and this process, and the first two relay it: one press arrives
    // up to three times. A press well after the first kills at once.
    if (firstSigint === 0) {
      firstSigint = Date.now();
      io.out("\nstopping: finishing the writes in flight and saving the resume state (Ctrl-C again to kill)");
      abort.abort();
    } else if (Date.now() - firstSigint > 1000) process.exit(130);
  };
  process.on("SIGINT", onSigint);
  const tty = io.tty ?? process.stdout.isTTY === true;
  const write = io.write ?? ((text: string) => process.stdout.write(text));
  let lastLine = 0;
  const onProgress = (p: ImportProgress) => {
    // Fits 80 columns; cut on a narrower terminal, since a wrapped line cannot be redrawn in place.
    const width = (process.stdout.columns ?? 80) - 1;
    if (tty) write(`\r${progressBar(p).slice(0, width)}\u001b[K${p.done ? "\n" : ""}`);
    else if (p.done || p.elapsedMs - lastLine >= 5000) {
      lastLine = p.elapsedMs;
      io.out(progressLine(p));
    }
  };
  try {
    await table.check();
    const s = await importFile(options, { ...table, onProgress, signal: abort.signal });
    if (s.resumedFrom > 0)
      io.out(`resumed after line ${s.resumedFrom.toLocaleString("en-US")} (state in ${s.stateIn})`);
    const n = (v: number) => v.toLocaleString("en-US");
    const took = formatDuration(s.elapsedMs);
    const where = s.complete
      ? `${n(s.lines)} lines in ${took}`
      : `line ${n(s.reached)} of ${n(s.lines)} after ${took}`;
    const outcomes =
      Object.entries(s.outcomes)
        .map(([k, v]) => `${n(v)} ${k}`)
        .join(", ") || "none";
    io.out(
      `${s.complete ? "imported" : "stopped"}: ${s.format}, ${where} into table "${tableName}"; ` +
        `events: ${n(s.applied)} applied (${outcomes}), ${n(s.skipped)} skipped as done before; ${n(s.rejected)} rows rejected (${s.rejectsPath})`,
    );
    if (!options.shop && (s.format === "shopify-orders" || s.format === "woocommerce-orders"))
      io.out(
        'note: imported into the shop "default"; the live webhooks name a shop by its identity ' +
          "(my-shop.myshopify.com, the WooCommerce host name): import with that --shop so both count once",
      );
    if (!s.complete) io.out(`run the same command again to continue (state in ${s.stateIn})`);
    else if (s.applied === 0 && s.skipped > 0)
      io.out(
        `nothing to do: table "${tableName}" has this file as imported before; --again applies it again`,
      );
    return s.complete ? 0 : 130;
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    io.out(`error: ${(error as Error).message}`);
    return 2;
  } finally {
    process.off("SIGINT", onSigint);
    table.close();
  }
}
