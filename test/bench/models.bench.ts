import { readFileSync } from "node:fs";
import { fitBgnbd } from "../../shared/intelligence/bgnbd-fit";
import { parseDay } from "../../shared/intelligence/days";
import { factsFromHistory, modelInputs } from "../../shared/intelligence/facts";
import { groupSummaries, type RepeatSummary } from "../../shared/intelligence/summary";
import { readTransactionFile } from "../../shared/intelligence/transactions";
import { simulateBgnbd } from "../support/simulate-bgnbd";
import { fmt, type Section } from "./harness";

const data = (path: string) => new URL(`../fixtures/${path}`, import.meta.url);

function timed<T>(task: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = task();
  return { value, ms: performance.now() - t };
}

/** BG/NBD fit times: the CDNOW sample, the whole CDNOW master, and a million simulated customers. */
export async function modelFits(): Promise<Section> {
  const sample: RepeatSummary[] = readFileSync(
    data("cdnow/cdnow_customers_summary_with_transactions.csv"),
    "utf8",
  )
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [, x, tx, T] = line.split(",").map(Number) as [number, number, number, number];
      return { x, tx, T };
    });
  const small = timed(() => fitBgnbd(sample));

  const { histories } = await readTransactionFile(data("cdnow/CDNOW_master.txt").pathname);
  const end = parseDay("1998-06-30") as number;
  const master = histories
    .map((h) => factsFromHistory(h, end))
    .filter((f) => f !== undefined)
    .map((f) => modelInputs(f, end));
  const full = timed(() => fitBgnbd(master));

  const simulated = simulateBgnbd(
    { r: 0.25, alpha: 30, a: 0.8, b: 2.5 },
    { customers: 1_000_000, seed: 1, observedFor: (r) => 30 + 700 * r(), wholeDays: true },
  );
  const million = timed(() => fitBgnbd(groupSummaries(simulated)));

  return {
    title: "BG/NBD maximum-likelihood fit (one core)",
    rows: [
      {
        name: "CDNOW sample, 2,357 customers",
        value: `${fmt(small.ms, 0)} ms`,
        note: `r ${fmt(small.value.params.r, 3)}, alpha ${fmt(small.value.params.alpha, 3)}, a ${fmt(small.value.params.a, 3)}, b ${fmt(small.value.params.b, 3)}`,
      },
      {
        name: `CDNOW master, ${master.length.toLocaleString("en-US")} customers`,
        value: `${fmt(full.ms, 0)} ms`,
      },
      {
        name: "1,000,000 simulated customers (grouped by x, t_x, T)",
        value: `${fmt(million.ms, 0)} ms`,
        target: "< 10,000 ms",
      },
    ],
  };
}
