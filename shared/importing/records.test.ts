import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { KeyedRunner, LineWatermark } from "./bounded";
import { formatDuration, progressBar, progressLine } from "./progress";
import { type CsvRecord, csvRecords, fileLines } from "./records";

const dir = mkdtempSync(join(tmpdir(), "records-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("reading import files", () => {
  it("reads plain and gzip files alike, numbering lines as an editor does", async () => {
    const text = "\uFEFFa,b\r\n1,2\n";
    writeFileSync(join(dir, "plain.csv"), text);
    writeFileSync(join(dir, "packed.bin"), gzipSync(text));
    const expected = [
      { line: 1, text: "a,b" },
      { line: 2, text: "1,2" },
    ];
    expect(await collect(fileLines(join(dir, "plain.csv")))).toEqual(expected);
    expect(await collect(fileLines(join(dir, "packed.bin")))).toEqual(expected);
  });

  it("keeps a quoted field with line breaks in one record that starts on its first line", async () => {
    const lines = ["Name,Notes,Total", '#1,"leave it', 'at the ""door""",10', "", "#2,,20"];
    const records: CsvRecord[] = await collect(
      csvRecords(
        (async function* () {
          for (const [i, text] of lines.entries()) yield { line: i + 1, text };
        })(),
      ),
    );
    expect(records).toEqual([
      { line: 1, fields: ["Name", "Notes", "Total"] },
      { line: 2, fields: ["#1", 'leave it\nat the "door"', "10"] },
      { line: 5, fields: ["#2", "", "20"] },
    ]);
  });
});

describe("the resume point of writes finished out of order", () => {
  it("stays below the earliest line still in flight, and below the line being read", () => {
    const w = new LineWatermark();
    w.reach(3);
    const a = w.start(3);
    w.reach(7);
    const b = w.start(7);
    w.reach(9);
    w.finish(b);
    expect(w.safeLine()).toBe(2);
    w.finish(a);
    // more items may still come on line 9
    expect(w.safeLine()).toBe(8);
  });

  it("runs at most the limit at once, one task per key at a time in order, and keeps the first failure", async () => {
    const runner = new KeyedRunner(2);
    let inFlight = 0;
    let most = 0;
    const busy = new Set<string>();
    const order: string[] = [];
    const task =
      (key: string, name: string, fail = false) =>
      async () => {
        expect(busy.has(key)).toBe(false);
        busy.add(key);
        inFlight++;
        most = Math.max(most, inFlight);
        await new Promise((r) => setTimeout(r, 5));
        order.push(name);
        busy.delete(key);
        inFlight--;
        if (fail) throw new Error("write failed");
      };
    for (const [key, name] of [
      ["a", "a1"],
      ["a", "a2"],
      ["b", "b1"],
      ["c", "c1"],
      ["a", "a3"],
    ] as const)
      await runner.run(key, task(key, name));
    await runner.drain();
    expect(most).toBe(2);
    expect(order.filter((n) => n.startsWith("a"))).toEqual(["a1", "a2", "a3"]);
    await runner.run("d", task("d", "d1", true));
    await runner.drain();
    await runner.run("e", task("e", "e1"));
    await runner.drain();
    expect(runner.failed).toBe(true);
    expect((runner.error as Error).message).toBe("write failed");
    expect(order).not.toContain("e1");
  });
});

describe("import progress", () => {
  const p = {
    line: 50_000,
    totalLines: 200_000,
    startLine: 0,
    startMs: 0,
    applied: 1234,
    skipped: 0,
    rejected: 10,
    elapsedMs: 10_000,
    done: false,
  };

  it("draws a bar with percentage, rate and ETA on a terminal", () => {
    expect(progressBar(p, 8)).toBe("[##------]  25.0%  50,000/200,000  5,000/s  ETA 30s  10 rej");
  });

  it("fits an 80-column terminal at every stage of a half-million-line file", () => {
    const big = { ...p, totalLines: 525_462, rejected: 110_855 };
    const stages = [
      { ...big, line: 1, elapsedMs: 1 },
      { ...big, line: 12_345, elapsedMs: 3_600_000 * 9 },
      { ...big, line: 400_000, startLine: 500_000, startMs: 0 },
      { ...big, line: 525_462, elapsedMs: 99_000, done: true },
      { ...big, line: 262_731, elapsedMs: 1, rejected: 999_999 },
    ];
    for (const stage of stages) expect(progressBar(stage).length, progressBar(stage)).toBeLessThan(80);
  });

  it("counts the rate of a resumed run from where it resumed", () => {
    const resumed = { ...p, startLine: 40_000, startMs: 2_000, line: 60_000, elapsedMs: 12_000 };
    expect(progressLine(resumed)).toContain("2,000 lines/s, ETA 1m 10s");
    expect(progressLine({ ...resumed, line: 30_000 })).toContain("skip to 40,000");
  });

  it("prints plain lines elsewhere, with the time taken once done", () => {
    expect(progressLine({ ...p, line: 200_000, done: true, elapsedMs: 125_000 })).toBe(
      "import: line 200,000 of 200,000 (100.0%), 1,600 lines/s, took 2m 05s; 1,234 events applied, 10 rows rejected",
    );
    expect(formatDuration(3_725_000)).toBe("1h 02m");
  });
});
