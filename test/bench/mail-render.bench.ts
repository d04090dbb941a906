import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadCampaigns } from "../../shared/campaigns/catalog";
import { composeMail } from "../../shared/campaigns/compose";
import type { ProductCard } from "../../shared/campaigns/product-card";
import { TEMPLATE_VARIABLES } from "../../shared/campaigns/render";
import { EXAMPLE_BRAND, EXAMPLE_SETTINGS } from "../../shared/email/brand";
import { layoutMjml } from "../../shared/email/layout";
import { compileMjml } from "../../shared/email/mjml";
import { fmt, median, type Section } from "./harness";

const products: ProductCard[] = [1, 2, 3].map((n) => ({
  productId: `p-${n}`,
  title: `Product ${n}`,
  url: `https://example.com/p/${n}`,
  imageUrl: `https://example.com/i/${n}.jpg`,
  price: { amount: "19.90", currency: "EUR" },
}));

/**
 * Why MJML is compiled at first use and kept, not per send and not at build: the figures. A
 * per-send compile costs what "compile, new shape" shows on every mail; compiling at first use
 * pays it once per campaign, language, brand and product shape in a warm Lambda, after which a
 * mail costs the substitution pass. Compiling at build time would save only the first compile
 * and fix the brand into the bundle, which the per-shop brand rules out.
 */
export async function mailRendering(): Promise<Section> {
  const campaign = loadCampaigns().find((c) => c.id === "cross-sell");
  if (!campaign) throw new Error("no cross-sell campaign");
  const vars = { ...Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, "x"])), firstName: "Anna" };
  const spec = (color: string) => ({
    lang: "de-DE",
    language: "de" as const,
    brand: { ...EXAMPLE_BRAND, color },
    unsubscribe: true,
    reason: "consent" as const,
    content: { ...campaign.templates.de!, preheader: "" },
    products: [true, true, true],
  });

  // Cold: a fresh node loads mjml and compiles the layout once (a Lambda's first mail).
  const dir = mkdtempSync(join(tmpdir(), "mail-bench-"));
  const source = join(dir, "layout.mjml");
  writeFileSync(source, layoutMjml(spec("#123456")));
  const mjml = createRequire(import.meta.url).resolve("mjml");
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) {
    const script = `const t=performance.now();const m=(await import(${JSON.stringify(mjml)})).default;const fs=await import("node:fs");await m(fs.readFileSync(${JSON.stringify(source)},"utf8"));console.log(performance.now()-t)`;
    cold.push(
      Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })),
    );
  }

  // Warm, a shape not seen before (a new colour each time, so the cache does not answer).
  const fresh: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    await compileMjml(layoutMjml(spec(`#${(0x100000 + i).toString(16)}`)));
    fresh.push(performance.now() - t);
  }

  // A mail whose shape is compiled: the substitution pass and the rest of composeMail.
  const ctx = { ...EXAMPLE_SETTINGS, customerLocale: "de-DE", products };
  await composeMail(campaign, vars, ctx);
  const cached: number[] = [];
  for (let i = 0; i < 500; i++) {
    const t = performance.now();
    await composeMail(campaign, { ...vars, firstName: `Anna ${i}` }, ctx);
    cached.push(performance.now() - t);
  }
  const size = (await composeMail(campaign, vars, ctx)).html.length;
  return {
    title: "Mail rendering (cross-sell with three product cards)",
    rows: [
      {
        name: "fresh process: load mjml + first compile",
        value: `${fmt(median(cold), 0)} ms`,
        note: "median of 3",
      },
      { name: "compile, new shape (warm)", value: `${fmt(median(fresh), 1)} ms`, note: "median of 20" },
      { name: "composeMail, shape compiled", value: `${fmt(median(cached), 2)} ms`, note: "median of 500" },
      { name: "HTML size", value: `${fmt(size / 1024, 1)} KB`, note: "Gmail clips above 102 KB" },
    ],
  };
}
