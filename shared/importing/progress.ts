/** How far an import is, as the importer reports it to whoever shows it. */
export interface ImportProgress {
  /** The line the reader has reached, of `totalLines`. */
  line: number;
  totalLines: number;
  /** A resumed run first re-reads the lines done before (quickly, nothing is written): the rate
   * counts from `startLine`, reached after `startMs`. */
  startLine: number;
  startMs: number;
  applied: number;
  skipped: number;
  rejected: number;
  elapsedMs: number;
  done: boolean;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const plural = (n: number, noun: string) => `${int(n)} ${noun}${n === 1 ? "" : "s"}`;

export function linesPerSecond(p: ImportProgress): number {
  const ms = p.elapsedMs - p.startMs;
  return p.line > p.startLine && ms > 0 ? ((p.line - p.startLine) * 1000) / ms : 0;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

function eta(p: ImportProgress): string {
  if (p.done) return `took ${formatDuration(p.elapsedMs)}`;
  const rate = linesPerSecond(p);
  if (p.line <= p.startLine) return `skip to ${int(p.startLine)}`;
  return rate > 0 ? `ETA ${formatDuration(((p.totalLines - p.line) / rate) * 1000)}` : "ETA -";
}

function counts(p: ImportProgress): string {
  const skipped = p.skipped > 0 ? `, ${int(p.skipped)} skipped (done before)` : "";
  return `${plural(p.applied, "event")} applied${skipped}, ${plural(p.rejected, "row")} rejected`;
}

/**
 * One line for a terminal, redrawn in place, that fits 80 columns even for half a million lines
 * and hours of ETA (a wrapped line cannot be redrawn): `[#####---]  45.0%  236,458/525,462
 * 9,876/s  ETA 2m 05s  3 rej`. The applied and skipped counts come in the summary at the end.
 */
export function progressBar(p: ImportProgress, width = 16): string {
  const fraction = p.totalLines > 0 ? Math.min(1, p.line / p.totalLines) : 1;
  const filled = Math.round(fraction * width);
  const bar = `[${"#".repeat(filled)}${"-".repeat(width - filled)}]`;
  const rejected = p.rejected > 0 ? `  ${int(p.rejected)} rej` : "";
  return `${bar} ${(fraction * 100).toFixed(1).padStart(5)}%  ${int(p.line)}/${int(p.totalLines)}  ${int(linesPerSecond(p))}/s  ${eta(p)}${rejected}`;
}

/** A plain line for logs and pipes (no terminal): the same facts, no redrawing. */
export function progressLine(p: ImportProgress): string {
  const percent = p.totalLines > 0 ? ((100 * p.line) / p.totalLines).toFixed(1) : "100.0";
  return `import: line ${int(p.line)} of ${int(p.totalLines)} (${percent}%), ${int(linesPerSecond(p))} lines/s, ${eta(p)}; ${counts(p)}`;
}
