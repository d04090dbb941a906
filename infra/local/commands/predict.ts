import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { runBacktest } from "../../../shared/intelligence/backtest";
import { formatDay, parseDay } from "../../../shared/intelligence/days";
import { factsFromHistory } from "../../../shared/intelligence/facts";
import {
  type CustomerPrediction,
  DEFAULT_MODEL_OPTIONS,
  fitShopModel,
  type ModelOptions,
  predictCustomers,
} from "../../../shared/intelligence/model";
import { backtestReport, predictionCsvHeader, predictionCsvRow } from "../../../shared/intelligence/report";
import { readTransactionFile, TransactionFileError } from "../../../shared/intelligence/transactions";

export const PREDICT_SUMMARY =
  "predict --transactions <csv|csv.gz> --calibration-end <date> [--holdout-end <date>] [--out <csv>]  " +
  "fit the churn/CLV models on a transaction export and backtest them";

const USAGE = `usage: predict --transactions <csv|csv.gz> --calibration-end <YYYY-MM-DD> [--holdout-end <YYYY-MM-DD>]
               [--out <csv>] [--horizon-days <n>] [--model bgnbd|mbgnbd] [--margin <0..1>] [--discount-rate <r>]
  Files: Online Retail II, CDNOW, or any CSV with customer_id,date,amount columns. All times are days.`;

class ArgError extends Error {}

interface Args {
  transactions: string;
  calibrationEnd: number;
  holdoutEnd?: number;
  out?: string;
  horizonDays: number;
  options: ModelOptions;
}

function parse(argv: string[]): Args {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        transactions: { type: "string" },
        "calibration-end": { type: "string" },
        "holdout-end": { type: "string" },
        out: { type: "string" },
        "horizon-days": { type: "string" },
        model: { type: "string" },
        margin: { type: "string" },
        "discount-rate": { type: "string" },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new ArgError((error as Error).message);
  }
  const day = (name: string): number | undefined => {
    const text = values[name];
    if (text === undefined) return undefined;
    const parsed = parseDay(text);
    if (parsed === undefined) throw new ArgError(`--${name}: not a date (YYYY-MM-DD): ${text}`);
    return parsed;
  };
  const number = (name: string, fallback: number, ok: (v: number) => boolean, rule: string): number => {
    const text = values[name];
    if (text === undefined) return fallback;
    const v = Number(text);
    if (!Number.isFinite(v) || !ok(v)) throw new ArgError(`--${name}: must be ${rule}, got ${text}`);
    return v;
  };
  if (!values.transactions) throw new ArgError("--transactions is required");
  const calibrationEnd = day("calibration-end");
  if (calibrationEnd === undefined) throw new ArgError("--calibration-end is required");
  const holdoutEnd = day("holdout-end");
  if (holdoutEnd !== undefined && holdoutEnd <= calibrationEnd)
    throw new ArgError("--holdout-end must be after --calibration-end");
  const variant = values.model ?? "bgnbd";
  if (variant !== "bgnbd" && variant !== "mbgnbd")
    throw new ArgError(`--model: bgnbd or mbgnbd, got ${variant}`);
  const horizonDays = number(
    "horizon-days",
    holdoutEnd === undefined ? 90 : holdoutEnd - calibrationEnd,
    (v) => v > 0,
    "> 0",
  );
  const margin = number("margin", DEFAULT_MODEL_OPTIONS.clv.margin, (v) => v > 0 && v <= 1, "in (0, 1]");
  const annualDiscountRate = number(
    "discount-rate",
    DEFAULT_MODEL_OPTIONS.clv.annualDiscountRate,
    (v) => v >= 0,
    ">= 0",
  );
  return {
    transactions: values.transactions,
    calibrationEnd,
    ...(holdoutEnd === undefined ? {} : { holdoutEnd }),
    ...(values.out === undefined ? {} : { out: values.out }),
    horizonDays,
    options: {
      ...DEFAULT_MODEL_OPTIONS,
      variant,
      horizonsDays: [horizonDays],
      clv: { ...DEFAULT_MODEL_OPTIONS.clv, margin, annualDiscountRate },
    },
  };
}

/** `predict`: fits on the calibration period, writes per-customer predictions, backtests on a holdout. */
export async function runPredict(argv: string[], io: { out: (line: string) => void }): Promise<number> {
  let args: Args;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof ArgError)) throw error;
    io.out(`error: ${error.message}`);
    io.out(USAGE);
    return 2;
  }
  let set: Awaited<ReturnType<typeof readTransactionFile>>;
  try {
    set = await readTransactionFile(args.transactions);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (!(error instanceof TransactionFileError) && e.code !== "ENOENT" && e.code !== "EISDIR") throw error;
    io.out(`error: --transactions ${args.transactions}: ${e.code === "ENOENT" ? "no such file" : e.message}`);
    return 2;
  }
  const { stats } = set;
  io.out(
    `read ${stats.lines} lines (${stats.layout}): ${stats.customers} customers, ${stats.purchaseDays} purchase days; ` +
      `skipped ${stats.skippedNoCustomer} without customer id, ${stats.skippedCancellations} cancellations, ${stats.skippedInvalid} unreadable`,
  );
  const facts = set.histories.flatMap((h) => factsFromHistory(h, args.calibrationEnd) ?? []);
  if (facts.length === 0) {
    io.out(`error: --calibration-end ${formatDay(args.calibrationEnd)}: no purchase on or before that day`);
    return 2;
  }
  const started = performance.now();
  const model = fitShopModel(facts, args.calibrationEnd, args.options);
  const fitMs = performance.now() - started;
  if (model.model === "rfm-rules") {
    io.out(`model: rfm-rules (${model.reason}); predictions below are rule-based flags`);
  } else {
    const p = model.fit.params;
    io.out(
      `model: ${model.model} fitted on ${facts.length} customers in ${fitMs.toFixed(0)} ms: r=${p.r.toFixed(4)} ` +
        `alpha=${p.alpha.toFixed(3)} a=${p.a.toFixed(4)} b=${p.b.toFixed(4)} (days), LL=${model.fit.logLikelihood.toFixed(1)}`,
    );
    if (model.mleBoundary)
      io.out(
        `  note: maximum likelihood ran to a boundary (${model.mleBoundary}); fitted with the dropout prior instead`,
      );
    const s = model.spend;
    io.out(
      `  spend (Gamma-Gamma): ${s.usable ? `p=${s.params.p.toFixed(3)} q=${s.params.q.toFixed(3)} v=${s.params.v.toFixed(3)}` : `not used: ${s.reason}`}`,
    );
  }
  if (args.out !== undefined) {
    const rows = predictCustomers(model, facts, args.options);
    await writeCsv(args.out, args.horizonDays, rows);
    io.out(`wrote ${rows.length} predictions to ${args.out}`);
  }
  if (args.holdoutEnd !== undefined) {
    const result = runBacktest(set.histories, {
      calibrationEndDay: args.calibrationEnd,
      holdoutEndDay: args.holdoutEnd,
    });
    io.out("");
    for (const line of backtestReport(result)) io.out(line);
  }
  return 0;
}

async function writeCsv(
  path: string,
  horizonDays: number,
  rows: readonly CustomerPrediction[],
): Promise<void> {
  const file = createWriteStream(path);
  // Respect back-pressure: a big shop's file should not sit in memory twice.
  const write = async (line: string) => {
    if (!file.write(`${line}\n`)) await once(file, "drain");
  };
  await write(predictionCsvHeader(horizonDays));
  for (const p of rows) await write(predictionCsvRow(p));
  file.end();
  await once(file, "finish");
}
