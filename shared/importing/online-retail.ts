import { zonedInstant } from "../campaigns/local-time";
import { addDecimal, multiplyDecimal, normaliseDecimal } from "../domain/money";
import { type FormatContext, ImportFileError, type ImportItem } from "./format";
import { columnsOf, csvRecords } from "./records";

/**
 * UCI "Online Retail II": one row per invoice line (Invoice, StockCode, Description, Quantity,
 * InvoiceDate, Price, Customer ID, Country), a UK shop, prices in GBP, times in UK local time.
 *
 * The rules, which the acceptance test recomputes from the file on its own:
 * - a row without Customer ID is a guest line with no email: rejected as "no customer";
 * - the lines of an invoice become one `order.placed` (order id = invoice number) with the total
 *   as the exact sum of Quantity x Price; it is emitted at the invoice's last line (the file
 *   interleaves some invoices, so a first pass finds where each one ends);
 * - a cancellation ("C" invoice) names no original invoice. Each of its lines refunds the
 *   customer's latest invoice completed earlier in the file holding the same StockCode, else the
 *   customer's latest earlier invoice (discounts, postage, manual lines); one `order.refunded`
 *   per (cancellation, matched invoice). So an order whose lines were all cancelled counts as
 *   fully refunded and leaves the order count, as the profile defines it;
 * - lines the customer cancelled before any invoice of theirs in the file refund orders the file
 *   does not hold: they become a refund against the cancellation's own number, which the profile
 *   keeps but does not net (it has no such order). The customer still gets a profile, with 0 orders.
 */

export const ONLINE_RETAIL = { currency: "GBP", timeZone: "Europe/London" } as const;

const COLUMNS = {
  invoice: ["invoice", "invoiceno"],
  stockCode: ["stockcode"],
  description: ["description"],
  quantity: ["quantity"],
  date: ["invoicedate"],
  price: ["price", "unitprice"],
  customer: ["customer id", "customerid"],
} as const;
type Columns = Record<keyof typeof COLUMNS, number>;

interface RetailLine {
  stockCode: string;
  description: string;
  quantity: number;
  price: string;
  amount: string;
}

interface Invoice {
  invoice: string;
  customerId: string;
  at: string;
  lines: RetailLine[];
}

/** What a customer bought so far: their latest invoice, and the latest invoice per StockCode. */
interface Bought {
  latest: string;
  byStockCode: Map<string, string>;
}

export async function* readOnlineRetail(ctx: FormatContext): AsyncGenerator<ImportItem> {
  // Pass 1: the last line of every invoice, so that each is emitted exactly when it is complete.
  let columns: Columns | undefined;
  let width = 0;
  const lastLine = new Map<string, number>();
  for await (const r of csvRecords(ctx.lines())) {
    if (!columns) {
      columns = headerColumns(r.fields);
      width = r.fields.length;
      continue;
    }
    const invoice = r.fields[columns.invoice]?.trim();
    if (invoice) lastLine.set(invoice, r.line);
  }
  if (!columns) throw new ImportFileError("the file is empty");

  const open = new Map<string, Invoice>();
  const bought = new Map<string, Bought>();
  let header = true;
  for await (const r of csvRecords(ctx.lines())) {
    if (header) {
      header = false;
      continue;
    }
    const row = parseRow(r.fields, columns, width);
    if (typeof row === "string") yield { kind: "reject", line: r.line, reason: row };
    else {
      const invoice = open.get(row.invoice);
      if (!invoice)
        open.set(row.invoice, {
          invoice: row.invoice,
          customerId: row.customerId,
          at: row.at,
          lines: [row.line],
        });
      else if (invoice.customerId !== row.customerId)
        yield { kind: "reject", line: r.line, reason: "Customer ID: differs from the invoice's other lines" };
      else invoice.lines.push(row.line);
    }
    const key = r.fields[columns.invoice]?.trim() ?? "";
    const complete = lastLine.get(key) === r.line ? open.get(key) : undefined;
    if (!complete) continue;
    open.delete(key);
    const events = isCancellation(key) ? refundsOf(complete, bought, ctx.shop) : [placed(complete, ctx.shop)];
    if (!isCancellation(key)) remember(bought, complete);
    yield { kind: "events", line: r.line, events };
  }
}

function headerColumns(fields: string[]): Columns {
  const columns = columnsOf(fields, COLUMNS);
  const missing = Object.entries(columns).filter(([, i]) => i < 0);
  if (missing.length > 0)
    throw new ImportFileError(
      `not an Online Retail II file: no column ${missing.map(([k]) => COLUMNS[k as keyof Columns][0]).join(", ")}`,
    );
  return columns;
}

const isCancellation = (invoice: string) => invoice.toUpperCase().startsWith("C");

type Row = { invoice: string; customerId: string; at: string; line: RetailLine };

/** A row, or the reason it is rejected (naming the column). */
function parseRow(f: string[], c: Columns, width: number): Row | string {
  if (f.length !== width) return `expected ${width} fields, found ${f.length}`;
  const invoice = (f[c.invoice] ?? "").trim();
  if (!invoice) return "Invoice: missing";
  // The UCI export writes ids as 13085 or, via spreadsheets, as 13085.0.
  const customerId = (f[c.customer] ?? "").trim().replace(/\.0+$/, "");
  if (!customerId) return "no customer";
  const quantityText = (f[c.quantity] ?? "").trim();
  if (!/^-?\d{1,7}$/.test(quantityText)) return "Quantity: not a whole number";
  const quantity = Number(quantityText);
  if (Math.abs(quantity) > 1_000_000) return "Quantity: above 1,000,000";
  if (isCancellation(invoice) ? quantity > 0 : quantity < 0)
    return isCancellation(invoice)
      ? "Quantity: positive in a cancellation"
      : "Quantity: negative outside a cancellation";
  const price = (f[c.price] ?? "").trim();
  if (!/^-?\d{1,12}(\.\d{1,6})?$/.test(price)) return "Price: not a decimal amount";
  if (price.startsWith("-")) return "Price: negative";
  const at = ukTime((f[c.date] ?? "").trim());
  if (!at) return "InvoiceDate: not a date-time such as 2009-12-01 07:45:00";
  const stockCode = (f[c.stockCode] ?? "").trim();
  const description = (f[c.description] ?? "").trim();
  return {
    invoice,
    customerId,
    at,
    line: { stockCode, description, quantity, price, amount: multiplyDecimal(price, quantity) },
  };
}

// Consecutive rows of an invoice share their time: remember the last conversion.
let lastTime: [string, string | undefined] = ["", undefined];

/** "2009-12-01 07:45:00" on a UK clock as an ISO instant (GMT in winter, BST in summer). */
export function ukTime(text: string): string | undefined {
  if (lastTime[0] === text) return lastTime[1];
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  let iso: string | undefined;
  if (m) {
    const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = m.slice(1).map((v) => Number(v ?? 0));
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && s < 60) {
      const instant = zonedInstant(y, mo, d, h * 60 + mi, ONLINE_RETAIL.timeZone);
      iso = new Date(instant.getTime() + s * 1000).toISOString();
    }
  }
  lastTime = [text, iso];
  return iso;
}

function placed(invoice: Invoice, shop: string): unknown {
  const currency = ONLINE_RETAIL.currency;
  let total = "0";
  for (const l of invoice.lines) total = addDecimal(total, l.amount);
  return {
    id: `import:online-retail:${invoice.invoice}`,
    shop,
    type: "order.placed",
    occurredAt: invoice.at,
    customer: { id: invoice.customerId },
    data: {
      orderId: invoice.invoice,
      total: { amount: total, currency },
      // The event holds at most 1,000 items; the total always covers every line.
      items: invoice.lines.slice(0, 1000).map((l) => ({
        ...(l.stockCode ? { sku: l.stockCode.slice(0, 200) } : {}),
        ...(l.description ? { name: l.description.slice(0, 500) } : {}),
        quantity: l.quantity,
        price: { amount: normaliseDecimal(l.price), currency },
      })),
    },
  };
}

function remember(bought: Map<string, Bought>, invoice: Invoice): void {
  const b = bought.get(invoice.customerId) ?? { latest: invoice.invoice, byStockCode: new Map() };
  b.latest = invoice.invoice;
  for (const l of invoice.lines) b.byStockCode.set(l.stockCode, invoice.invoice);
  bought.set(invoice.customerId, b);
}

function refundsOf(cancellation: Invoice, bought: Map<string, Bought>, shop: string): unknown[] {
  const b = bought.get(cancellation.customerId);
  const refunded = new Map<string, string>();
  for (const l of cancellation.lines) {
    const orderId = b?.byStockCode.get(l.stockCode) ?? b?.latest ?? cancellation.invoice;
    // Cancellation lines carry negative quantities: the refund is the amount given back.
    refunded.set(orderId, addDecimal(refunded.get(orderId) ?? "0", multiplyDecimal(l.price, -l.quantity)));
  }
  return [...refunded].map(([orderId, amount]) => ({
    // No ':' here: the profile names a refund fact `r:<orderId>:<eventId>` and reads the event id
    // back as the part after the last ':'.
    id: `import-online-retail-${cancellation.invoice}-${orderId}`,
    shop,
    type: "order.refunded",
    occurredAt: cancellation.at,
    customer: { id: cancellation.customerId },
    data: { orderId, amount: { amount, currency: ONLINE_RETAIL.currency } },
  }));
}
