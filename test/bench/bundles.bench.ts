import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { fmt, median, type Section } from "./harness";

/** Bundles every function as the CDK stack does (minified ESM) and times a cold import in a fresh node. */
export async function bundles(): Promise<Section> {
  const out = mkdtempSync(join(tmpdir(), "stammkunde-bundles-"));
  const rows = [];
  for (const fn of readdirSync("functions").sort()) {
    const entry = join("functions", fn, "handler.ts");
    const outfile = join(out, `${fn}.mjs`);
    await build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      minify: true,
      platform: "node",
      format: "esm",
      target: "node22",
      banner: {
        js: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      },
      logLevel: "silent",
    });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ms = execFileSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const t=performance.now();await import(${JSON.stringify(outfile)});console.log(performance.now()-t)`,
        ],
        { encoding: "utf8", env: { ...process.env, TABLE_NAME: "t", EVENT_BUS_NAME: "b" } },
      );
      times.push(Number(ms.trim()));
    }
    rows.push({
      name: fn,
      value: `${fmt(statSync(outfile).size / 1024, 0)} KB, init ${fmt(median(times), 0)} ms`,
    });
  }
  return {
    title: "Function bundles (minified ESM) and cold module init (median of 5 fresh node processes)",
    rows,
  };
}
