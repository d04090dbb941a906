import { compareDecimal } from "../domain/money";
import { type FormatContext, ImportFileError, type ImportItem } from "./format";
import { columnsOf, csvRecords } from "./records";

/**
 * Shopify's own orders export (Admin > Orders > Export, "CSV for Excel" or plain CSV): one row per
 * line item, the order's fields on its first row. Mapped as the orders webhook maps an order, with
 * the same ids (`shopify:order:<Id>:placed`, order id = the `Id` column), so the live webhooks
 * for an imported order count it once.
 *
 * Partial, by what the export holds: it names no customer id, so imported orders land on the
 * email's guest profile (live webhooks of account customers go to the account's profile: the
 * known guest/account limitation); a cancelled order becomes one refund of its total, otherwise
 * `Refunded Amount` one refund (refund ids are not exported, so a later live refund of a guest's
 * imported order would be netted again); `Accepts Marketing` is not consent we could prove and is
 * not imported.
 */

const COLUMNS = {
  name: ["name"],
  email: ["email"],
  currency: ["currency"],
  total: ["total"],
  discountCode: ["discount code"],
  createdAt: ["created at"],
  cancelledAt: ["cancelled at"],
  refunded: ["refunded amount"],
  id: ["id"],
  quantity: ["lineitem quantity"],
  itemName: ["lineitem name"],
  itemPrice: ["lineitem price"],
  itemSku: ["lineitem sku"],
} as const;
type Columns = Record<keyof typeof COLUMNS, number>;
const REQUIRED: (keyof Columns)[] = [
  "name",
  "email",
  "currency",
  "total",
  "createdAt",
  "id",
  "quantity",
  "itemPrice",
];

interface Order {
  firstLine: number;
  failed?: string;
  head?: { id: string; email: string; currency: string; total: string; at: string; coupons: string[] };
  cancelled: boolean;
  refunded: string;
  items: { sku?: string; name?: string; quantity: number; price: string }[];
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/;

export async function* readShopifyOrders(ctx: FormatContext): AsyncGenerator<ImportItem> {
  let c: Columns | undefined;
  const lastLine = new Map<string, number>();
  for await (const r of csvRecords(ctx.lines())) {
    if (!c) {
      c = columnsOf(r.fields, COLUMNS);
      const missing = REQUIRED.filter((k) => (c as Columns)[k] < 0).map((k) => COLUMNS[k][0]);
      if (missing.length)
        throw new ImportFileError(`not a Shopify orders export: no column ${missing.join(", ")}`);
      continue;
    }
    lastLine.set(field(r.fields, c.name), r.line);
  }
  if (!c) throw new ImportFileError("the file is empty");

  const open = new Map<string, Order>();
  let header = true;
  for await (const r of csvRecords(ctx.lines())) {
    if (header) {
      header = false;
      continue;
    }
    const f = (k: keyof Columns) => field(r.fields, (c as Columns)[k]);
    const name = f("name");
    if (!name) {
      yield { kind: "reject", line: r.line, reason: "Name: missing" };
      continue;
    }
    let order = open.get(name);
    if (!order) {
      order = { firstLine: r.line, cancelled: f("cancelledAt") !== "", refunded: "0", items: [] };
      const head = orderHead(f);
      if (typeof head === "string") order.failed = head;
      else order.head = head;
      const refunded = f("refunded") || "0";
      if (!DECIMAL.test(refunded)) order.failed ??= "Refunded Amount: not a decimal amount";
      else order.refunded = refunded;
      open.set(name, order);
      if (order.failed) yield { kind: "reject", line: r.line, reason: order.failed };
    } else if (order.failed) {
      yield { kind: "reject", line: r.line, reason: `order rejected at line ${order.firstLine}` };
    }
    if (!order.failed) {
      const quantity = f("quantity");
      const price = f("itemPrice");
      if (!/^\d{1,7}$/.test(quantity))
        yield { kind: "reject", line: r.line, reason: "Lineitem quantity: not a whole number" };
      else if (!DECIMAL.test(price))
        yield { kind: "reject", line: r.line, reason: "Lineitem price: not a decimal amount" };
      else
        order.items.push({
          ...(f("itemSku") ? { sku: f("itemSku") } : {}),
          ...(f("itemName") ? { name: f("itemName") } : {}),
          quantity: Number(quantity),
          price,
        });
    }
    if (lastLine.get(name) !== r.line) continue;
    open.delete(name);
    if (order.head) yield { kind: "events", line: r.line, events: eventsOf(order.head, order, ctx.shop) };
  }
}

function field(fields: string[], index: number): string {
  return index < 0 ? "" : (fields[index] ?? "").trim();
}

function orderHead(f: (k: keyof Columns) => string): NonNullable<Order["head"]> | string {
  const email = f("email");
  if (!email) return "no customer";
  const id = f("id");
  if (!/^\d{1,20}$/.test(id)) return "Id: not a Shopify order id (the live webhooks match orders by it)";
  const total = f("total");
  if (!DECIMAL.test(total)) return "Total: not a decimal amount";
  const currency = f("currency").toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency)) return "Currency: not a three-letter code";
  const at = shopifyTime(f("createdAt"));
  if (!at) return "Created at: not a date-time such as 2024-05-01 10:11:12 +0200";
  const coupons = f("discountCode")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { id, email, currency, total, at, coupons };
}

/** "2024-05-01 10:11:12 +0200" (the export's form) or ISO-8601, as ISO-8601 with an offset. */
export function shopifyTime(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!m) return undefined;
  const offset = m[3] === "Z" ? "Z" : `${m[3]?.slice(0, 3)}:${m[3]?.slice(-2)}`;
  const iso = `${m[1]}T${m[2]}${offset}`;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

function eventsOf(head: NonNullable<Order["head"]>, order: Order, shop: string): unknown[] {
  const money = (amount: string) => ({ amount, currency: head.currency });
  const common = { shop, customer: { email: head.email } };
  const events: unknown[] = [
    {
      ...common,
      id: `shopify:order:${head.id}:placed`,
      type: "order.placed",
      occurredAt: head.at,
      data: {
        orderId: head.id,
        total: money(head.total),
        items: order.items.slice(0, 1000).map((i) => ({ ...i, price: money(i.price) })),
        coupons: head.coupons,
      },
    },
  ];
  const refund = order.cancelled ? head.total : order.refunded;
  if (compareDecimal(refund, "0") > 0)
    events.push({
      ...common,
      id: `import-shopify-order-${head.id}-${order.cancelled ? "cancelled" : "refunded"}`,
      type: "order.refunded",
      occurredAt: head.at,
      data: { orderId: head.id, amount: money(refund) },
    });
  return events;
}
