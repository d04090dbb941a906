import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FUNCTIONS } from "./functions";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The environment of a laptop with no AWS account configured, and no calls home from the CLI. */
function offlineEnv(outDir: string): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("AWS_")));
  return {
    ...env,
    AWS_CONFIG_FILE: join(outDir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(outDir, "no-aws-credentials"),
    CDK_DISABLE_VERSION_CHECK: "true",
    CDK_DISABLE_CLI_TELEMETRY: "true",
  };
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };

describe("npx cdk synth", () => {
  const outDir = mkdtempSync(join(tmpdir(), "stammkunde-synth-"));
  const cdkOut = join(outDir, "cdk.out");
  let template: Template;

  beforeAll(async () => {
    await run("npx", ["cdk", "synth", "--quiet", "--no-notices", "-o", cdkOut], {
      cwd: ROOT,
      env: offlineEnv(outDir),
      maxBuffer: 16 * 1024 * 1024,
    });
    template = JSON.parse(readFileSync(join(cdkOut, "Stammkunde.template.json"), "utf8")) as Template;
  }, 300_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("bundles every function with the local esbuild into a loadable ESM module", async () => {
    const functions = Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function");
    expect(functions).toHaveLength(Object.keys(FUNCTIONS).length);

    for (const fn of functions) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key;
      const bundle = join(cdkOut, `asset.${key.replace(/\.zip$/, "")}`, "index.mjs");
      expect(existsSync(bundle), bundle).toBe(true);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      expect(readFileSync(bundle, "utf8")).toContain("createRequire");

      // A separate Node process: the bundle must load as plain ESM, without Vite's transforms.
      const probe = `const m = await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(typeof m.handler);`;
      const { stdout } = await run(process.execPath, ["--input-type=module", "-e", probe], { cwd: outDir });
      expect(stdout.trim()).toBe("function");
    }
  });

  it("bundles no MJML: the sending functions carry the layout compiled at build time", () => {
    const sources = Object.values(template.Resources)
      .filter((r) => r.Type === "AWS::Lambda::Function")
      .map((fn) => {
        const key = (fn.Properties.Code as { S3Key: string }).S3Key;
        const map = join(cdkOut, `asset.${key.replace(/\.zip$/, "")}`, "index.mjs.map");
        return (JSON.parse(readFileSync(map, "utf8")) as { sources: string[] }).sources;
      });

    const sending = sources.filter((s) =>
      s.some((f) => f.endsWith("shared/email/compiled-layout.generated.ts")),
    );
    expect(sending.length).toBeGreaterThanOrEqual(2);
    for (const files of sources)
      expect(files.filter((f) => /node_modules\/(mjml|juice|cheerio)/.test(f))).toEqual([]);
  });
});
