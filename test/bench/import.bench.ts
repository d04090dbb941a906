import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tableApplier } from "../../infra/local/commands/import";
import type { LocalHost } from "../../infra/local/host";
import { type ImportSummary, importFile } from "../../shared/importing/import-file";
import { InMemoryResumeStates } from "../../shared/importing/resume-state";
import { fmt, type Section } from "./harness";
import { rawWriteRate } from "./pipeline.bench";

// The repository's slice (test/fixtures/online-retail): whole histories of one customer in ten.
const FILE = fileURLToPath(
  new URL("../fixtures/online-retail/online_retail_II_2009-2010.slice.csv.gz", import.meta.url),
);
const FULL_FILE_LINES = 525_462;

/**
 * `import` throughput on a slice of Online Retail II, in invoice lines and events per second,
 * against raw DynamoDB Local writes measured in the same run: each event is one conditional write
 * on the fast path, so events/s over raw writes/s is the importer's efficiency.
 */
export async function importThroughput(host: LocalHost): Promise<Section> {
  const dir = mkdtempSync(join(tmpdir(), "import-bench-"));
  const table = tableApplier({ endpoint: host.dynamoEndpoint, tableName: host.tableName });
  try {
    const file = FILE;
    // Every line each time (--again): the bench measures the work, not the resume.
    const run = (name: string, apply: typeof table.apply): Promise<ImportSummary> =>
      importFile(
        { file, again: true, rejectsPath: join(dir, `${name}.csv`), concurrency: 16 },
        { apply, states: new InMemoryResumeStates() },
      );
    const parseOnly = await run("parse", async () => "skipped");
    const rawRate = await rawWriteRate(host);
    const imported = await run("import", table.apply);
    const seconds = imported.elapsedMs / 1000;
    const linesPerSecond = imported.lines / seconds;
    const eventsPerSecond = imported.applied / seconds;
    return {
      title: `Import of Online Retail II (the repository's slice, ${fmt(imported.lines, 0)} lines: ${fmt(imported.applied, 0)} events, ${fmt(imported.rejected, 0)} guest rows rejected), same DynamoDB Local`,
      rows: [
        { name: "raw DynamoDB Local UpdateItem, 16 in flight", value: `${fmt(rawRate, 0)} /s` },
        {
          name: "import: read, map, validate only (no writes)",
          value: `${fmt(parseOnly.lines / (parseOnly.elapsedMs / 1000), 0)} lines/s`,
          note: "three streaming passes: count, invoice ends, map",
        },
        {
          name: "import into profiles (applyShopEvent, 16 in flight)",
          value: `${fmt(linesPerSecond, 0)} invoice lines/s, ${fmt(eventsPerSecond, 0)} events/s`,
        },
        { name: "ratio import events/s / raw writes/s", value: fmt(eventsPerSecond / rawRate) },
        {
          name: "whole file (525,461 lines), extrapolated",
          value: `${fmt(FULL_FILE_LINES / linesPerSecond / 60, 1)} min`,
        },
      ],
    };
  } finally {
    table.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
