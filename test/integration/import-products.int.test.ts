import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableApplier } from "../../infra/local/commands/import";
import type { LocalHost } from "../../infra/local/host";
import { DynamoCatalogStore } from "../../shared/catalog/catalog-store";
import { importFile } from "../../shared/importing/import-file";
import { InMemoryResumeStates } from "../../shared/importing/resume-state";
import { startTestHost } from "../support/local-host";
import { productUpdated } from "../support/products";
import { send } from "./playbook-story";

const product = (productId: string, over: Record<string, unknown> = {}) =>
  JSON.stringify({
    productId,
    title: `Product ${productId}`,
    category: "accessories",
    url: `https://shop.example/${productId}`,
    price: { amount: "12.50", currency: "EUR" },
    available: true,
    ...over,
  });

const FILE_TEXT = [
  product("case"),
  product("charger", { available: false }),
  product("cable", { url: "javascript:alert(1)" }),
  "not json",
  product("strap", { updatedAt: "2026-02-01T00:00:00Z", imageUrl: "https://cdn.shop.example/strap.jpg" }),
  "",
].join("\n");

let host: LocalHost;
let table: ReturnType<typeof tableApplier>;
const dir = mkdtempSync(join(tmpdir(), "import-products-"));
const file = join(dir, "products.jsonl");
const options = { file, rejectsPath: join(dir, "rejects.csv") };

beforeAll(async () => {
  host = await startTestHost();
  table = tableApplier({ endpoint: host.dynamoEndpoint, tableName: host.tableName });
  writeFileSync(file, FILE_TEXT);
});
afterAll(async () => {
  table?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("importing a catalog", () => {
  it("detects the products format, keeps each product and rejects bad lines naming the field", async () => {
    const summary = await importFile(options, { apply: table.apply, states: table.states });

    expect(summary).toMatchObject({ format: "products", applied: 3, rejected: 2, complete: true });
    expect(summary.outcomes).toEqual({ written: 3 });
    const rejects = readFileSync(options.rejectsPath, "utf8");
    expect(rejects).toContain("3,");
    expect(rejects).toContain("data.url");
    const catalog = new DynamoCatalogStore(host.db, host.tableName);
    const stored = await catalog.current("default", ["case", "charger", "cable", "strap"]);
    expect(stored.map((p) => [p.productId, p.available]).sort()).toEqual([
      ["case", true],
      ["charger", false],
      ["strap", true],
    ]);
  });

  it("never overrides a live product event, and a second import changes nothing", async () => {
    // given: the case sells out live after the import
    await send(host, [
      productUpdated({ productId: "case", at: "2026-03-01T00:00:00.000Z", available: false }),
    ]);

    // when: the same file is imported again from the start (no resume state: another database's)
    const summary = await importFile(options, { apply: table.apply, states: new InMemoryResumeStates() });

    // then: every product's write was stale; the live state stands
    expect(summary.outcomes).toEqual({ stale: 3 });
    const [kept] = await new DynamoCatalogStore(host.db, host.tableName).current("default", ["case"]);
    expect(kept).toMatchObject({ available: false, updatedAt: "2026-03-01T00:00:00.000Z" });
  });
});
