import { readFileSync, writeFileSync } from "node:fs";

/** A section of the bench: rows of figures with a unit and, where there is one, the target. */
export interface Row {
  name: string;
  value: string;
  target?: string;
  note?: string;
}

export interface Section {
  title: string;
  rows: Row[];
}

export function renderMarkdown(sections: Section[], header: string): string {
  const lines = [header, ""];
  for (const s of sections) {
    lines.push(`**${s.title}**`, "", "| measure | value | target | note |", "|---|---|---|---|");
    for (const r of s.rows) lines.push(`| ${r.name} | ${r.value} | ${r.target ?? ""} | ${r.note ?? ""} |`);
    lines.push("");
  }
  return lines.join("\n");
}

/** Replaces the README's bench block (between the markers) with the new table. */
export function updateReadme(markdown: string, path = "README.md"): void {
  const readme = readFileSync(path, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} ... ${end} block`);
  writeFileSync(path, `${readme.slice(0, a + start.length)}\n${markdown}\n${readme.slice(b)}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Runs `task` over `items` with at most `concurrency` in flight. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await task(items[next++] as T);
    }),
  );
}

export const fmt = (n: number, digits = 2) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
