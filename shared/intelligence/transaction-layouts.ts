// The transaction layouts the backtest recognises, chosen from the first line of the file.

export type Layout = "online-retail" | "cdnow" | "generic";

export type Row =
  | { kind: "purchase"; customerId: string; date: string; amount: number }
  | { kind: "no-customer" }
  | { kind: "cancellation" }
  | { kind: "invalid" };

export interface RowReader {
  layout: Layout;
  hasHeader: boolean;
  read(line: string): Row;
}

const GENERIC = {
  customer: ["customer_id", "customerid", "customer id", "customer", "email"],
  date: ["date", "order_date", "created_at", "processed_at", "ordered_at"],
  amount: ["amount", "total", "total_price", "revenue", "value"],
};

export function detectLayout(firstLine: string): RowReader | undefined {
  if (!firstLine.includes(",")) return cdnowReader(firstLine);
  const header = splitCsvLine(firstLine).map((h) => h.trim().toLowerCase());
  const col = (...names: string[]): number => header.findIndex((h) => names.includes(h));
  const invoice = col("invoice", "invoiceno");
  const quantity = col("quantity");
  const price = col("price", "unitprice");
  const invoiceDate = col("invoicedate");
  const retailCustomer = col("customer id", "customerid");
  if (invoice >= 0 && quantity >= 0 && price >= 0 && invoiceDate >= 0 && retailCustomer >= 0) {
    return {
      layout: "online-retail",
      hasHeader: true,
      read(line) {
        const f = splitCsvLine(line);
        // The UCI export writes ids as 13085 or, via spreadsheets, as 13085.0.
        const customerId = (f[retailCustomer] ?? "").trim().replace(/\.0+$/, "");
        if (customerId === "") return { kind: "no-customer" };
        if ((f[invoice] ?? "").trim().toUpperCase().startsWith("C")) return { kind: "cancellation" };
        const amount = Number(f[quantity]) * Number(f[price]);
        if (!Number.isFinite(amount)) return { kind: "invalid" };
        return { kind: "purchase", customerId, date: f[invoiceDate] ?? "", amount };
      },
    };
  }
  const customer = col(...GENERIC.customer);
  const date = col(...GENERIC.date);
  const amount = col(...GENERIC.amount);
  if (customer < 0 || date < 0 || amount < 0) return undefined;
  return {
    layout: "generic",
    hasHeader: true,
    read(line) {
      const f = splitCsvLine(line);
      const customerId = (f[customer] ?? "").trim();
      if (customerId === "") return { kind: "no-customer" };
      const value = Number((f[amount] ?? "").trim());
      if ((f[amount] ?? "").trim() === "" || !Number.isFinite(value)) return { kind: "invalid" };
      return { kind: "purchase", customerId, date: f[date] ?? "", amount: value };
    },
  };
}

/**
 * CDNOW (Fader & Hardie's files): whitespace-separated; the master file is
 * `customer_id date number_of_cds dollar_value` after a header line, the 1/10 sample has an extra
 * sample id in the second column and no header. Date and value sit at the same place from the end.
 */
function cdnowReader(firstLine: string): RowReader | undefined {
  const fields = firstLine.trim().split(/\s+/);
  const isHeader = fields.some((f) => /[a-z]/i.test(f));
  if (isHeader && !fields.includes("customer_id")) return undefined;
  if (!isHeader && (fields.length < 4 || !/^\d{8}$/.test(fields.at(-3) ?? ""))) return undefined;
  return {
    layout: "cdnow",
    hasHeader: isHeader,
    read(line) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4) return { kind: "invalid" };
      const amount = Number(f.at(-1));
      if (!Number.isFinite(amount)) return { kind: "invalid" };
      return { kind: "purchase", customerId: f[0] ?? "", date: f.at(-3) ?? "", amount };
    },
  };
}

/** RFC 4180 fields of one line: quoted fields may hold commas and doubled quotes. */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(field);
      field = "";
    } else field += ch;
  }
  out.push(field);
  return out;
}
