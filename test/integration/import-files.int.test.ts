import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport, tableApplier } from "../../infra/local/commands/import";
import type { LocalHost } from "../../infra/local/host";
import { importFile } from "../../shared/importing/import-file";
import { orderPlaced } from "../support/builders";
import { admin, postEvents, scanAll, startTestHost } from "../support/local-host";

let host: LocalHost;
let table: ReturnType<typeof tableApplier>;
const dir = mkdtempSync(join(tmpdir(), "import-files-"));
const write = (name: string, text: string | Buffer) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const paths = (name: string) => ({
  rejectsPath: join(dir, `${name}.rejects.csv`),
});

beforeAll(async () => {
  host = await startTestHost();
  table = tableApplier({ endpoint: host.dynamoEndpoint, tableName: host.tableName });
});
afterAll(async () => {
  table?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: assertions below check the shape
const profile = async (path: string): Promise<any> => (await admin(host, path)).json();

describe("importing files", () => {
  it("writes bad rows with their line numbers and reasons to the reject file and imports the rest", async () => {
    // given a gzip file (any name) with a bad row of each kind among good ones
    const file = write(
      "retail.bin",
      gzipSync(
        [
          "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
          "600001,A,Apple,2,2010-03-01 10:00:00,1.50,201,United Kingdom",
          "600002,A,Apple,2,2010-03-01 10:05:00,1.50,,United Kingdom",
          "600003,A,Apple,lots,2010-03-01 10:10:00,1.50,201,United Kingdom",
          '600004,A,"Apple, red",1,2010-03-01 10:15:00,1.5.0,201,United Kingdom',
          "600005,A,Apple,1,03/01/2010 10:20,1.50,201,United Kingdom",
          "600006,A,Apple,1,2010-03-01 10:25:00,1.50,201",
          "600007,B,Bread,1,2010-03-02 10:00:00,4.00,201,United Kingdom",
        ].join("\n"),
      ),
    );
    // when
    const summary = await importFile({ file, ...paths("retail") }, table);
    // then
    expect(summary).toMatchObject({ format: "online-retail", applied: 2, rejected: 5, complete: true });
    expect(readFileSync(paths("retail").rejectsPath, "utf8")).toBe(
      [
        "line,reason",
        "3,no customer",
        "4,Quantity: not a whole number",
        "5,Price: not a decimal amount",
        "6,InvoiceDate: not a date-time such as 2009-12-01 07:45:00",
        '7,"expected 8 fields, found 7"',
        "",
      ].join("\n"),
    );
    expect(await profile("/admin/customers/201")).toMatchObject({
      orderCount: 2,
      totalRevenue: { amount: "7.00", currency: "GBP" },
      firstOrderAt: "2010-03-01T10:00:00.000Z",
    });
  });

  it("counts an imported order once when the live event for the same order arrives later", async () => {
    // given an imported invoice 600007 of customer 201 (previous test)
    // when the shop's live system sends the same order with its own event id
    const live = orderPlaced({ customer: { id: "201" }, orderId: "600007", amount: "4.00", currency: "GBP" });
    expect((await postEvents(host, { events: [live] })).status).toBe(202);
    await host.bus.idle();
    // then
    expect(await profile("/admin/customers/201")).toMatchObject({ orderCount: 2 });
  });

  it("imports canonical events from JSON Lines, validated like POST /events, naming bad fields", async () => {
    const event = (id: string, over: Record<string, unknown> = {}) =>
      JSON.stringify({
        id,
        type: "order.placed",
        occurredAt: "2026-01-10T10:00:00+01:00",
        customer: { id: "c-jsonl", email: "Jo@Example.com" },
        data: { orderId: id, total: { amount: "19.90", currency: "EUR" } },
        ...over,
      });
    const file = write(
      "events.jsonl",
      [
        event("j-1"),
        "{not json",
        event("j-2", { data: { total: { amount: "1", currency: "EUR" } } }),
        event("j-3", { customer: { email: "nobody" } }),
        "",
        event("j-4", { shop: "jsonl-b" }),
      ].join("\n"),
    );
    const summary = await importFile({ file, shop: "jsonl-a", ...paths("events") }, table);
    expect(summary).toMatchObject({ format: "canonical", applied: 2, rejected: 3 });
    expect(readFileSync(paths("events").rejectsPath, "utf8").split("\n")).toEqual([
      "line,reason",
      "2,not a JSON object",
      "3,data.orderId: required",
      "4,customer.email: must be an email address",
      "",
    ]);
    expect(await profile("/admin/customers/c-jsonl?shop=jsonl-a")).toMatchObject({
      email: "jo@example.com",
      orderCount: 1,
    });
    expect(await profile("/admin/customers/c-jsonl?shop=jsonl-b")).toMatchObject({ orderCount: 1 });
  });

  it("imports a Shopify orders export onto the customer's email profile", async () => {
    const file = write(
      "orders_export.csv",
      [
        "Name,Email,Financial Status,Currency,Total,Discount Code,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Cancelled at,Refunded Amount,Id",
        "#1001,sam@example.com,paid,EUR,60.00,SPRING,2024-04-01 10:00:00 +0200,1,Mug,40.00,MUG,,,7001",
        "#1001,,,,,,,1,Plate,20.00,PLATE,,,",
        "#1002,sam@example.com,partially_refunded,EUR,30.00,,2024-04-08 10:00:00 +0200,1,Bowl,30.00,,,10.00,7002",
        "#1003,sam@example.com,voided,EUR,15.00,,2024-04-09 10:00:00 +0200,1,Cup,15.00,,2024-04-09 11:00:00 +0200,,7003",
      ].join("\n"),
    );
    const summary = await importFile({ file, shop: "sam-shop", ...paths("shopify") }, table);
    expect(summary).toMatchObject({ format: "shopify-orders", applied: 5, rejected: 0 });
    expect(await profile("/admin/customers?email=sam@example.com&shop=sam-shop")).toMatchObject({
      orderCount: 2,
      totalRevenue: { amount: "80.00", currency: "EUR" },
      coupons: ["SPRING"],
    });
  });

  it("runs as a CLI command: plain progress lines off a terminal, then a summary", async () => {
    const file = write(
      "cli.csv",
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n" +
        "700001,A,Apple,1,2010-05-01 10:00:00,2.50,301,United Kingdom\n",
    );
    const lines: string[] = [];
    const code = await withTable(() =>
      runImport(["--file", file, "--shop", "cli-shop"], { out: (l) => lines.push(l) }),
    );
    expect(code).toBe(0);
    expect(lines[0]).toMatch(
      /^import: line 2 of 2 \(100\.0%\), .* took \d+s; 1 event applied, 0 rows rejected$/,
    );
    expect(lines[1]).toMatch(
      /^imported: online-retail, 2 lines in \d+s into table "test-.*"; events: 1 applied \(1 written\)/,
    );
    expect(readFileSync(`${file}.rejects.csv`, "utf8")).toBe("line,reason\n");
    expect(await profile("/admin/customers/301?shop=cli-shop")).toMatchObject({ orderCount: 1 });
  });

  it("stops with a one-line error and writes nothing for a file it cannot read", async () => {
    const file = write("unknown.csv", "a,b,c\n1,2,3\n");
    const before = (await scanAll(host)).length;
    const lines: string[] = [];
    const code = await withTable(() => runImport(["--file", file], { out: (l) => lines.push(l) }));
    expect(code).toBe(2);
    expect(lines).toEqual(["error: cannot tell the file's format from its first line: pass --format"]);
    expect((await scanAll(host)).length).toBe(before);
  });
});

/** The CLI reads its table from the environment, as `npm run cli` does. */
async function withTable<T>(run: () => Promise<T>): Promise<T> {
  const saved = { endpoint: process.env.DYNAMODB_ENDPOINT, table: process.env.TABLE_NAME };
  process.env.DYNAMODB_ENDPOINT = host.dynamoEndpoint;
  process.env.TABLE_NAME = host.tableName;
  try {
    return await run();
  } finally {
    for (const [key, value] of [
      ["DYNAMODB_ENDPOINT", saved.endpoint],
      ["TABLE_NAME", saved.table],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}
