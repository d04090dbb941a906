import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableApplier } from "../../infra/local/commands/import";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { importFile } from "../../shared/importing/import-file";
import { admin, scanAll, startTestHost } from "../support/local-host";

// A small Online Retail II file: three customers, 8 invoices, a cancellation and a guest line.
const FILE_TEXT = [
  "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
  "500001,A,Apple,2,2010-01-04 10:00:00,1.50,101,United Kingdom",
  "500001,B,Bread,1,2010-01-04 10:00:00,4.00,101,United Kingdom",
  "500002,A,Apple,1,2010-01-04 11:00:00,1.50,102,France",
  "500003,C,Cheese,3,2010-01-05 09:00:00,2.25,101,United Kingdom",
  "500004,C,Cheese,1,2010-01-05 12:00:00,2.25,,United Kingdom",
  "500005,B,Bread,2,2010-01-06 09:00:00,4.00,103,Germany",
  "C500006,C,Cheese,-3,2010-01-06 10:00:00,2.25,101,United Kingdom",
  "500007,A,Apple,10,2010-01-07 09:00:00,1.50,102,France",
  "500008,B,Bread,1,2010-01-08 09:00:00,4.00,103,Germany",
  "500009,A,Apple,1,2010-01-09 09:00:00,1.50,103,Germany",
  "",
].join("\n");

// Per customer: orders placed less orders fully refunded (500003 is), net revenue.
const EXPECTED = {
  "101": { orderCount: 1, revenue: "7.00" },
  "102": { orderCount: 2, revenue: "16.50" },
  "103": { orderCount: 3, revenue: "13.50" },
};
const TOTAL_EVENTS = 8;

let host: LocalHost;
let table: ReturnType<typeof tableApplier>;
const dir = mkdtempSync(join(tmpdir(), "import-resume-"));
const file = join(dir, "retail.csv");
const options = { file, rejectsPath: join(dir, "rejects.csv"), concurrency: 2 };

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

async function profiles(on: LocalHost = host) {
  const out: Record<string, { orderCount: number; revenue: string }> = {};
  for (const id of Object.keys(EXPECTED)) {
    const body = (await (await admin(on, `/admin/customers/${id}`)).json()) as {
      orderCount: number;
      totalRevenue: { amount: string };
    };
    out[id] = { orderCount: body.orderCount, revenue: body.totalRevenue.amount };
  }
  return out;
}

/** The resume states in the table: the import writes them nowhere else. */
async function importStates(on: LocalHost = host) {
  return (await scanAll(on)).filter((item) => item.type === "import-state");
}

describe("resuming an import", () => {
  it("continues after a crash without counting anything twice, and skips what was done", async () => {
    // given an import that crashes after 5 applied events (DynamoDB went away, the process died)
    let applied = 0;
    const crashing = {
      states: table.states,
      apply: async (event: CanonicalEvent) => {
        if (applied >= 5) throw new Error("connection reset");
        applied++;
        return table.apply(event);
      },
    };
    await expect(importFile(options, crashing)).rejects.toThrow("connection reset");
    const [stored, ...more] = await importStates();
    expect(more).toEqual([]);
    const state = (stored as { state: { line: number; complete: boolean } }).state;
    expect(state).toMatchObject({ complete: false });
    expect(state.line).toBeGreaterThan(0);
    expect(state.line).toBeLessThan(12);
    // and nothing was written beside the input
    expect(readdirSync(dir).sort()).toEqual(["rejects.csv", "retail.csv"]);

    // when it is run again
    const rerun = await importFile(options, table);

    // then it continues from the saved line and every order counts once
    expect(rerun).toMatchObject({ complete: true, resumedFrom: state.line, rejected: 1 });
    expect(rerun.skipped).toBeGreaterThan(0);
    expect(rerun.skipped + rerun.applied).toBe(TOTAL_EVENTS);
    expect(await profiles()).toEqual(EXPECTED);
  });

  it("has nothing to do on a run against the same database after a complete import", async () => {
    const again = await importFile(options, table);
    expect(again).toMatchObject({ applied: 0, skipped: TOTAL_EVENTS, complete: true });
    // A copy under another name is the same import: its content names it.
    const copy = join(dir, "copy.csv");
    writeFileSync(copy, FILE_TEXT);
    expect(await importFile({ ...options, file: copy }, table)).toMatchObject({
      applied: 0,
      skipped: TOTAL_EVENTS,
    });
  });

  it("imports everything again into a fresh database, as after a restart of npm start", async () => {
    const fresh = await startTestHost();
    const freshTable = tableApplier({ endpoint: fresh.dynamoEndpoint, tableName: fresh.tableName });
    try {
      const imported = await importFile(options, freshTable);
      expect(imported).toMatchObject({ resumedFrom: 0, applied: TOTAL_EVENTS, skipped: 0, complete: true });
      expect(await profiles(fresh)).toEqual(EXPECTED);
      expect(await importStates(fresh)).toHaveLength(1);
    } finally {
      freshTable.close();
      await fresh.stop();
    }
  });

  it("counts nothing twice when asked to apply every line again (--again)", async () => {
    const replay = await importFile({ ...options, again: true }, table);
    expect(replay).toMatchObject({ applied: TOTAL_EVENTS, outcomes: { unchanged: TOTAL_EVENTS } });
    expect(await profiles()).toEqual(EXPECTED);
  });

  it("stops cleanly when aborted, keeps the state, and finishes on the next run", async () => {
    const other = { ...options, shop: "other-shop", concurrency: 1 };
    const abort = new AbortController();
    let applied = 0;
    const stopped = await importFile(other, {
      states: table.states,
      apply: async (event) => {
        if (++applied === 2) abort.abort();
        return table.apply(event);
      },
      signal: abort.signal,
    });
    expect(stopped.complete).toBe(false);
    const states = await importStates();
    expect(states.find((s) => s.pk === "IMPORT#other-shop")).toMatchObject({ state: { complete: false } });
    const finished = await importFile(other, table);
    expect(finished.complete).toBe(true);
    expect(finished.applied + finished.skipped).toBe(TOTAL_EVENTS);
    const res = await admin(host, "/admin/customers/103?shop=other-shop");
    expect(await res.json()).toMatchObject({ orderCount: 3, totalRevenue: { amount: "13.50" } });
  });
});
