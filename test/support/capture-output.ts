/**
 * Captures everything a test run writes: process.stdout / process.stderr (where Powertools'
 * logger writes through its own Console) and the global console (which vitest intercepts before
 * it reaches the streams). Nothing is passed through, so the captured run stays quiet.
 */
export interface CapturedOutput {
  lines(): string[];
  restore(): void;
}

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

export function captureOutput(): CapturedOutput {
  const chunks: string[] = [];
  const record = (chunk: unknown) => {
    chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
  };
  const out = process.stdout.write;
  const err = process.stderr.write;
  const swallow = ((chunk: unknown, ...rest: unknown[]) => {
    record(chunk);
    const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = swallow;
  process.stderr.write = swallow;
  const saved = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args: unknown[]) => {
      record(`${args.map((a) => (typeof a === "string" ? a : safeJson(a))).join(" ")}\n`);
    };
  }
  return {
    lines: () => chunks.join("").split("\n").filter(Boolean),
    restore() {
      process.stdout.write = out;
      process.stderr.write = err;
      for (const [m, fn] of saved) console[m] = fn;
    },
  };
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ""}`;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}
