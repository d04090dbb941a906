import { z } from "zod";
import { compareDecimal, subDecimal, sumDecimals } from "../domain/money";
import type { Delivery, Mapped, TopicMapper } from "./common";
import {
  AmountField,
  CurrencyField,
  couponCodes,
  customerOf,
  dividedBy,
  emit,
  GmtTimeField,
  IdField,
  invalid,
} from "./fields";
import { mapWooProduct, mapWooProductDelete } from "./products";

/** WooCommerce payloads: the REST v3 order and customer resources. Times are the `*_gmt` fields (UTC). */

const Order = z.object({
  id: IdField,
  status: z.string(),
  currency: CurrencyField,
  date_created_gmt: GmtTimeField,
  date_modified_gmt: GmtTimeField.nullish(),
  date_paid_gmt: GmtTimeField.nullish(),
  total: AmountField,
  // 0 for a guest checkout.
  customer_id: IdField.nullish(),
  billing: z
    .object({
      email: z.string().nullish(),
      first_name: z.string().nullish(),
      last_name: z.string().nullish(),
    })
    .nullish(),
  line_items: z
    .array(
      z.object({
        // 0 for a line whose product was deleted.
        product_id: IdField.nullish(),
        sku: z.string().nullish(),
        name: z.string().nullish(),
        quantity: z.number().int().min(0),
        subtotal: AmountField,
      }),
    )
    .nullish(),
  coupon_lines: z.array(z.object({ code: z.string().nullish() })).nullish(),
  // Refunds inside an order carry their total as a negative amount.
  refunds: z.array(z.object({ id: IdField, total: AmountField })).nullish(),
});

/** Statuses of an order the buyer has committed to; pending, failed and drafts are not orders yet. */
const PLACED = new Set(["processing", "on-hold", "completed"]);
const CLOSED = new Set(["cancelled", "refunded"]);

/**
 * order.created / order.updated: the order's current state, with ids taken from it, so the many
 * updates WooCommerce sends for one order repeat the same events. A cancelled or refunded order
 * that was paid is still placed, with a refund per listed refund and one for what they leave.
 */
function mapOrder(d: Delivery, body: unknown): Mapped {
  const parsed = Order.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const o = parsed.data;
  const placed = PLACED.has(o.status) || (CLOSED.has(o.status) && Boolean(o.date_paid_gmt));
  if (!placed && !CLOSED.has(o.status)) return emit([]);
  const customer = customerOf({
    id: o.customer_id && o.customer_id !== "0" ? o.customer_id : undefined,
    email: o.billing?.email,
    firstName: o.billing?.first_name,
    lastName: o.billing?.last_name,
  });
  if (!customer) return emit([], [`order ${o.id} names no customer and no email: nothing to map`]);
  const common = { shop: d.shop, customer };
  const money = (amount: string) => ({ amount, currency: o.currency });
  const coupons = couponCodes((o.coupon_lines ?? []).map((c) => c.code));
  const events: unknown[] = [];
  if (placed) {
    events.push({
      ...common,
      id: `woocommerce:order:${o.id}:placed`,
      type: "order.placed",
      occurredAt: o.date_created_gmt,
      data: {
        orderId: o.id,
        total: money(o.total),
        items: (o.line_items ?? []).slice(0, 1000).map((l) => ({
          ...(l.product_id && l.product_id !== "0" ? { productId: l.product_id } : {}),
          ...(l.sku?.trim() ? { sku: l.sku.trim().slice(0, 200) } : {}),
          ...(l.name ? { name: l.name.slice(0, 500) } : {}),
          quantity: l.quantity,
          price: money(dividedBy(l.subtotal, l.quantity)),
        })),
        coupons,
      },
    });
    for (const code of coupons) {
      events.push({
        ...common,
        id: `woocommerce:order:${o.id}:coupon:${code}`,
        type: "coupon.redeemed",
        occurredAt: o.date_created_gmt,
        data: { code, orderId: o.id },
      });
    }
  }
  const changedAt = o.date_modified_gmt ?? d.receivedAt;
  const refunds = (o.refunds ?? []).map((r) => ({ id: r.id, amount: r.total.replace(/^-/, "") }));
  for (const r of refunds) {
    if (compareDecimal(r.amount, "0") <= 0) continue;
    events.push({
      ...common,
      id: `woocommerce:refund:${r.id}`,
      type: "order.refunded",
      occurredAt: changedAt,
      data: { orderId: o.id, amount: money(r.amount) },
    });
  }
  const rest = subDecimal(o.total, sumDecimals(refunds.map((r) => r.amount)));
  if (CLOSED.has(o.status) && compareDecimal(rest, "0") > 0) {
    // One id for "the rest of the order is void": cancelled-then-refunded cannot count it twice.
    events.push({
      ...common,
      id: `woocommerce:order:${o.id}:void`,
      type: "order.refunded",
      occurredAt: changedAt,
      data: { orderId: o.id, amount: money(rest) },
    });
  }
  return emit(events);
}

const Customer = z.object({
  id: IdField,
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  date_created_gmt: GmtTimeField.nullish(),
  date_modified_gmt: GmtTimeField.nullish(),
});

/** WooCommerce core records no marketing consent, so customers map to identity events only. */
function mapCustomer(d: Delivery, body: unknown): Mapped {
  const parsed = Customer.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const c = parsed.data;
  const customer = customerOf({ id: c.id, email: c.email, firstName: c.first_name, lastName: c.last_name });
  const created = d.topic === "customer.created";
  const at = (created ? c.date_created_gmt : c.date_modified_gmt) ?? d.receivedAt;
  const id = created
    ? `woocommerce:customer:${c.id}:registered`
    : `woocommerce:customer:${c.id}:updated:${c.date_modified_gmt ?? d.deliveryId}`;
  const type = created ? "customer.registered" : "customer.updated";
  return emit([{ id, shop: d.shop, type, occurredAt: at, customer, data: {} }]);
}

function mapCustomerDelete(d: Delivery, body: unknown): Mapped {
  const parsed = z.object({ id: IdField }).safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  return { kind: "erase", shop: d.shop, customerId: parsed.data.id };
}

export const WOOCOMMERCE_MAPPERS: ReadonlyMap<string, TopicMapper> = new Map(
  Object.entries({
    "order.created": mapOrder,
    "order.updated": mapOrder,
    "customer.created": mapCustomer,
    "customer.updated": mapCustomer,
    "customer.deleted": mapCustomerDelete,
    "product.created": mapWooProduct,
    "product.updated": mapWooProduct,
    "product.deleted": mapWooProductDelete,
  }),
);
