import { describe, expect, it } from "vitest";
import type { ImportItem } from "./format";
import { readOnlineRetail, ukTime } from "./online-retail";

const HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country";

async function read(rows: string[]): Promise<ImportItem[]> {
  const lines = [HEADER, ...rows].map((text, i) => ({ line: i + 1, text }));
  const items: ImportItem[] = [];
  for await (const item of readOnlineRetail({
    shop: "uk-shop",
    lines: async function* () {
      yield* lines;
    },
  }))
    items.push(item);
  return items;
}

// biome-ignore lint/suspicious/noExplicitAny: the assertions below check the mapped shape
const events = (items: ImportItem[]): any[] => items.flatMap((i) => (i.kind === "events" ? i.events : []));

describe("reading Online Retail II", () => {
  it("turns the lines of an invoice into one order with the exact total, due at its last line", async () => {
    // given two interleaved invoices (the file has some)
    const items = await read([
      '489434,85048,"GLASS BALL, 20 LIGHTS",12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom',
      "489435,22041,FRAME,3,2009-12-01 07:46:00,0.1,13085,United Kingdom",
      '489434,22041,"RECORD FRAME 7"" SINGLE",48,2009-12-01 07:45:00,2.1,13085,United Kingdom',
    ]);
    // then
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["events", 3],
      ["events", 4],
    ]);
    const [second, first] = events(items);
    expect(first).toMatchObject({
      id: "import:online-retail:489434",
      shop: "uk-shop",
      type: "order.placed",
      occurredAt: "2009-12-01T07:45:00.000Z",
      customer: { id: "13085" },
      data: { orderId: "489434", total: { amount: "184.20", currency: "GBP" } },
    });
    expect(first.data.items).toEqual([
      {
        sku: "85048",
        name: "GLASS BALL, 20 LIGHTS",
        quantity: 12,
        price: { amount: "6.95", currency: "GBP" },
      },
      {
        sku: "22041",
        name: 'RECORD FRAME 7" SINGLE',
        quantity: 48,
        price: { amount: "2.10", currency: "GBP" },
      },
    ]);
    // 3 x 0.1 is 0.30 exactly, not 0.30000000000000004
    expect(second.data.total.amount).toBe("0.30");
  });

  it("reads the invoice time as UK local time: GMT in winter, BST in summer", () => {
    expect(ukTime("2009-12-01 07:45:00")).toBe("2009-12-01T07:45:00.000Z");
    expect(ukTime("2010-07-01 07:45:30")).toBe("2010-07-01T06:45:30.000Z");
    expect(ukTime("2010-02-30 07:45:00")).toBeUndefined();
  });

  it("refunds the latest earlier invoice holding the cancelled StockCode, else the latest earlier invoice", async () => {
    const items = await read([
      "1001,A,Apple,2,2010-01-04 10:00:00,1.50,7,UK",
      "1002,A,Apple,1,2010-01-05 10:00:00,1.50,7,UK",
      "1002,B,Bread,1,2010-01-05 10:00:00,4,7,UK",
      "1003,C,Cheese,1,2010-01-06 10:00:00,9,7,UK",
      "C2001,A,Apple,-1,2010-01-07 10:00:00,1.50,7,UK",
      "C2001,B,Bread,-1,2010-01-07 10:00:00,4,7,UK",
      "C2001,D,Discount,-1,2010-01-07 10:00:00,0.25,7,UK",
    ]);
    const refunds = events(items).filter((e) => e.type === "order.refunded");
    expect(refunds.map((e) => [e.id, e.data.orderId, e.data.amount.amount])).toEqual([
      ["import-online-retail-C2001-1002", "1002", "5.50"],
      ["import-online-retail-C2001-1003", "1003", "0.25"],
    ]);
    expect(refunds[0]).toMatchObject({ occurredAt: "2010-01-07T10:00:00.000Z", customer: { id: "7" } });
  });

  it("books a cancellation before any invoice of the customer against the cancellation itself", async () => {
    const items = await read(["C2002,A,Apple,-3,2010-01-07 10:00:00,1.5,8,UK"]);
    expect(events(items)).toMatchObject([
      {
        type: "order.refunded",
        customer: { id: "8" },
        data: { orderId: "C2002", amount: { amount: "4.50" } },
      },
    ]);
  });

  it("rejects bad rows with their line and a reason naming the column, and keeps the rest", async () => {
    const items = await read([
      "1001,A,Apple,2,2010-01-04 10:00:00,1.50,,UK",
      "1001,A,Apple,two,2010-01-04 10:00:00,1.50,7,UK",
      "1001,A,Apple,2,04/01/2010 10:00,1.50,7,UK",
      '1001,A,Apple,2,2010-01-04 10:00:00,"1,50",7,UK',
      "1001,A,Apple,-2,2010-01-04 10:00:00,1.50,7,UK",
      "1001,A,Apple,2,2010-01-04 10:00:00,1.50,7",
      "1001,A,Apple,2,2010-01-04 10:00:00,1.50,9,UK",
      "1001,A,Apple,2,2010-01-04 10:00:00,1.50,7,UK",
      "C1002,A,Apple,2,2010-01-04 10:00:00,1.50,7,UK",
    ]);
    expect(items.filter((i) => i.kind === "reject")).toEqual([
      { kind: "reject", line: 2, reason: "no customer" },
      { kind: "reject", line: 3, reason: "Quantity: not a whole number" },
      { kind: "reject", line: 4, reason: "InvoiceDate: not a date-time such as 2009-12-01 07:45:00" },
      { kind: "reject", line: 5, reason: "Price: not a decimal amount" },
      { kind: "reject", line: 6, reason: "Quantity: negative outside a cancellation" },
      { kind: "reject", line: 7, reason: "expected 8 fields, found 7" },
      { kind: "reject", line: 9, reason: "Customer ID: differs from the invoice's other lines" },
      { kind: "reject", line: 10, reason: "Quantity: positive in a cancellation" },
    ]);
    // the invoice's good lines still make the order; its first accepted line names the customer
    expect(events(items)).toMatchObject([
      { customer: { id: "9" }, data: { orderId: "1001", total: { amount: "3.00" } } },
    ]);
  });

  it("refuses a file without the Online Retail II columns before reading any row", async () => {
    const run = async () => {
      for await (const _ of readOnlineRetail({
        shop: "s",
        lines: async function* () {
          yield { line: 1, text: "Invoice,Quantity,Price" };
        },
      })) {
      }
    };
    await expect(run()).rejects.toThrow(/no column stockcode, description, invoicedate, customer id/);
  });
});
