import { execFileSync } from "node:child_process";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { loadCampaigns } from "../../shared/campaigns/catalog";
import { composeMail } from "../../shared/campaigns/compose";
import type { ProductCard } from "../../shared/campaigns/product-card";
import { TEMPLATE_VARIABLES } from "../../shared/campaigns/render";
import { EXAMPLE_SETTINGS } from "../../shared/email/brand";
import { compileLayout } from "../support/build-mail-layout";
import { fmt, median, type Section } from "./harness";

const products: ProductCard[] = [1, 2, 3].map((n) => ({
  productId: `p-${n}`,
  title: `Product ${n}`,
  url: `https://example.com/p/${n}`,
  imageUrl: `https://example.com/i/${n}.jpg`,
  price: { amount: "19.90", currency: "EUR" },
}));

/**
 * Why the layout is compiled with MJML at build time (test/support/build-mail-layout.ts) and
 * only filled at send time: a Lambda then neither bundles MJML nor compiles at its first mail.
 * "fresh process" is a cold container: importing the bundled mail code (minified, as the stack
 * bundles it), then composing its first mail. "MJML compile" is what each new shape cost in a
 * warm Lambda when MJML ran there, and now costs once per layout in the build.
 */
export async function mailRendering(): Promise<Section> {
  const campaign = loadCampaigns().find((c) => c.id === "cross-sell");
  if (!campaign) throw new Error("no cross-sell campaign");
  const vars = { ...Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, "x"])), firstName: "Anna" };
  const ctx = { ...EXAMPLE_SETTINGS, customerLocale: "de-DE", products };

  // Cold: a fresh node loads the bundled mail code and composes its first mail.
  const dir = mkdtempSync(join(tmpdir(), "mail-bench-"));
  const entry = join(dir, "entry.ts");
  const root = resolve("shared/campaigns");
  writeFileSync(
    entry,
    `import { loadCampaigns } from ${JSON.stringify(join(root, "catalog"))};
import { composeMail } from ${JSON.stringify(join(root, "compose"))};
import { EXAMPLE_SETTINGS } from ${JSON.stringify(resolve("shared/email/brand"))};
export async function firstMail(vars, products) {
  const campaign = loadCampaigns().find((c) => c.id === "cross-sell");
  return composeMail(campaign, vars, { ...EXAMPLE_SETTINGS, customerLocale: "de-DE", products });
}`,
  );
  const bundle = join(dir, "mail.mjs");
  await build({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    minify: true,
    platform: "node",
    format: "esm",
    target: "node22",
    logLevel: "silent",
  });
  const load: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < 5; i++) {
    const script = `const t=performance.now();const m=await import(${JSON.stringify(bundle)});const u=performance.now();await m.firstMail(${JSON.stringify(vars)},${JSON.stringify(products)});console.log(u-t,performance.now()-u)`;
    const [ms, mail] = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    })
      .trim()
      .split(" ")
      .map(Number);
    load.push(ms ?? Number.NaN);
    first.push(mail ?? Number.NaN);
  }

  // The MJML compile of one layout, now done by the build.
  const compile: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    await compileLayout(3);
    compile.push(performance.now() - t);
  }

  // A warm mail: filling the layout and the substitution pass.
  await composeMail(campaign, vars, ctx);
  const warm: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await composeMail(campaign, { ...vars, firstName: `Anna ${i}` }, ctx);
    warm.push(performance.now() - t);
  }
  const size = (await composeMail(campaign, vars, ctx)).html.length;
  return {
    title: "Mail rendering (cross-sell with three product cards)",
    rows: [
      {
        name: "fresh process: import the mail code",
        value: `${fmt(median(load), 0)} ms`,
        note: `median of 5; bundle ${fmt(statSync(bundle).size / 1024, 0)} KB (campaign catalog, zod)`,
      },
      { name: "fresh process: first mail", value: `${fmt(median(first), 1)} ms`, note: "median of 5" },
      {
        name: "MJML compile of one layout (build time)",
        value: `${fmt(median(compile), 1)} ms`,
        note: "median of 5",
      },
      { name: "composeMail, warm", value: `${fmt(median(warm), 2)} ms`, note: "median of 500" },
      { name: "HTML size", value: `${fmt(size / 1024, 1)} KB`, note: "Gmail clips above 102 KB" },
    ],
  };
}
