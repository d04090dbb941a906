import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { auc } from "./auc";
import { formatDay, parseDay } from "./days";
import { splitCsvLine } from "./transaction-layouts";
import { readTransactionFile, readTransactions, TransactionFileError } from "./transactions";

describe("reading transaction files", () => {
  it("groups Online Retail II lines into purchase days and skips cancellations and guests", async () => {
    const { histories, stats } = await readTransactions([
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country",
      '489434,85048,"15CM GLASS BALL, 20 LIGHTS",12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom',
      '489434,22041,"RECORD FRAME 7"" SINGLE",48,2009-12-01 07:45:00,2.1,13085,United Kingdom',
      "489435,22041,FRAME,1,2009-12-01 09:00:00,2,13085,United Kingdom",
      "C489449,22087,PAPER BUNTING,-12,2009-12-01 10:33:00,2.95,13085,United Kingdom",
      "489436,22041,FRAME,1,2009-12-03 10:00:00,2,,United Kingdom",
      "489437,22041,FRAME,2,2009-12-05 10:00:00,2,13085,United Kingdom",
    ]);
    expect(stats).toMatchObject({
      layout: "online-retail",
      skippedCancellations: 1,
      skippedNoCustomer: 1,
      customers: 1,
    });
    expect(histories[0]?.customerId).toBe("13085");
    expect(histories[0]?.days.map(formatDay)).toEqual(["2009-12-01", "2009-12-05"]);
    expect(histories[0]?.amounts[0]).toBeCloseTo(12 * 6.95 + 48 * 2.1 + 2, 8);
  });

  it("reads the generic customer_id,date,amount layout", async () => {
    const { histories, stats } = await readTransactions([
      "customer_id,date,amount",
      "a,2024-01-02,10.50",
      "a,2024-02-02,5",
      "b,2024-01-05,7",
    ]);
    expect(stats.layout).toBe("generic");
    expect(histories.map((h) => h.customerId).sort()).toEqual(["a", "b"]);
  });

  it("reads the CDNOW master file with its header", async () => {
    const file = fileURLToPath(new URL("../../test/fixtures/cdnow/CDNOW_master.txt", import.meta.url));
    const { stats } = await readTransactionFile(file);
    expect(stats).toMatchObject({ layout: "cdnow", customers: 23_570, usedRows: 69_659 });
  });

  it("names the columns it expected when it does not recognise a file", async () => {
    await expect(readTransactions(["foo,bar", "1,2"])).rejects.toThrow(TransactionFileError);
    await expect(readTransactions(["foo,bar"])).rejects.toThrow(/customer id, date and amount/);
  });

  it("splits quoted CSV fields", () => {
    expect(splitCsvLine('a,"b, c","d ""e"""')).toEqual(["a", "b, c", 'd "e"']);
  });
});

describe("days", () => {
  it("parses the date styles shops export and rejects impossible dates", () => {
    expect(parseDay("2010-06-30")).toBe(parseDay("20100630"));
    expect(parseDay("6/30/2010 7:45")).toBe(parseDay("2010-06-30T23:59:59Z"));
    expect(parseDay("2010-02-31")).toBeUndefined();
    expect(parseDay("yesterday")).toBeUndefined();
  });
});

describe("auc", () => {
  it("is 1 for a perfect ranking, 0.5 for ties and 0 for a reversed one", () => {
    const labels = [false, false, true, true];
    expect(auc([1, 2, 3, 4], labels)).toBe(1);
    expect(auc([1, 1, 1, 1], labels)).toBe(0.5);
    expect(auc([4, 3, 2, 1], labels)).toBe(0);
    expect(auc([1, 3, 2, 4], labels)).toBe(0.75);
  });
});
