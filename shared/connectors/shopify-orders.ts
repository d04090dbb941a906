import { z } from "zod";
import { compareDecimal, subDecimal, sumDecimals } from "../domain/money";
import type { Money } from "../events/primitives";
import type { Delivery, Mapped } from "./common";
import {
  AmountField,
  CurrencyField,
  couponCodes,
  customerOf,
  emit,
  IdField,
  invalid,
  TimeField,
} from "./fields";
import { consentEvents, customerIdentity, exactId, ShopifyCustomer } from "./shopify-customers";

/** Shopify orders (create, paid, updated, cancelled) and refunds. */

const ShopMoney = z
  .object({ shop_money: z.object({ amount: AmountField, currency_code: CurrencyField }) })
  .nullish();

const Transaction = z.object({
  kind: z.string().nullish(),
  status: z.string().nullish(),
  amount: AmountField,
  currency: CurrencyField.nullish(),
});

export const ShopifyRefund = z.object({
  id: IdField,
  admin_graphql_api_id: z.string().nullish(),
  order_id: IdField.nullish(),
  created_at: TimeField.nullish(),
  processed_at: TimeField.nullish(),
  transactions: z.array(Transaction).nullish(),
  refund_line_items: z.array(z.object({ subtotal_set: ShopMoney, total_tax_set: ShopMoney })).nullish(),
  refund_shipping_lines: z.array(z.object({ subtotal_amount_set: ShopMoney })).nullish(),
});
type ShopifyRefund = z.infer<typeof ShopifyRefund>;

/**
 * The money a refund gave back, in the shop currency: its successful refund transactions when
 * they are in the shop currency (or name none); otherwise (multi-currency, or a refund of an
 * unpaid order that moved no money) the refunded lines, taxes and shipping in shop money.
 */
export function shopifyRefundAmount(refund: ShopifyRefund, shopCurrency?: string): Money | undefined {
  const lines = [
    ...(refund.refund_line_items ?? []).flatMap((l) => [l.subtotal_set, l.total_tax_set]),
    ...(refund.refund_shipping_lines ?? []).map((l) => l.subtotal_amount_set),
  ].flatMap((set) => (set ? [set.shop_money] : []));
  const currency = shopCurrency ?? lines[0]?.currency_code;
  const paid = (refund.transactions ?? []).filter((t) => t.kind === "refund" && t.status === "success");
  if (paid.length > 0 && paid.every((t) => !t.currency || t.currency === currency)) {
    const fromTransactions = currency ?? paid.find((t) => t.currency)?.currency;
    if (fromTransactions)
      return { amount: sumDecimals(paid.map((t) => t.amount)), currency: fromTransactions };
  }
  if (!currency || lines.length === 0 || lines.some((m) => m.currency_code !== currency)) return undefined;
  return { amount: sumDecimals(lines.map((m) => m.amount)), currency };
}

const LineItem = z.object({
  product_id: IdField.nullish(),
  sku: z.string().nullish(),
  name: z.string().nullish(),
  title: z.string().nullish(),
  quantity: z.number().int().min(0),
  price: AmountField,
  price_set: ShopMoney,
});

const Order = z.object({
  id: IdField,
  admin_graphql_api_id: z.string().nullish(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  customer_locale: z.string().nullish(),
  created_at: TimeField,
  cancelled_at: TimeField.nullish(),
  currency: CurrencyField,
  total_price: AmountField,
  total_price_set: ShopMoney,
  discount_codes: z.array(z.object({ code: z.string().nullish() })).nullish(),
  line_items: z.array(LineItem).nullish(),
  refunds: z.array(ShopifyRefund).nullish(),
  customer: ShopifyCustomer.nullish(),
});

/**
 * Every order topic maps the order's current state the same way, with ids taken from the order,
 * so a redelivery or a later topic for the same order yields the same events:
 * - `order.placed` at the order's creation time (orders/paid and orders/updated repeat it);
 * - one `order.refunded` per refund listed in the order (refunds/create names no customer, so
 *   refunds reach the profile through the orders/updated Shopify sends with them);
 * - for a cancelled order, one more `order.refunded` for what no refund covered yet;
 * - a `coupon.redeemed` per discount code, and the customer's consent where it is stated.
 */
export function mapOrder(d: Delivery, body: unknown): Mapped {
  const parsed = Order.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const o = parsed.data;
  const warnings: string[] = [];
  const orderId = exactId(o.id, o.admin_graphql_api_id, warnings) ?? o.id;
  const email = o.email || o.contact_email;
  const locale = o.customer_locale;
  const customer = o.customer
    ? customerIdentity(o.customer, warnings, email, locale)
    : customerOf({ email, locale });
  if (!customer) return emit([], [`order ${orderId} names no customer and no email: nothing to map`]);

  const total = o.total_price_set?.shop_money ?? { amount: o.total_price, currency_code: o.currency };
  const currency = total.currency_code;
  const coupons = couponCodes((o.discount_codes ?? []).map((c) => c.code));
  const common = { shop: d.shop, customer };
  const events: unknown[] = [
    {
      ...common,
      id: `shopify:order:${orderId}:placed`,
      type: "order.placed",
      occurredAt: o.created_at,
      data: {
        orderId,
        total: { amount: total.amount, currency },
        items: (o.line_items ?? []).slice(0, 1000).map((l) => ({
          ...(l.product_id ? { productId: l.product_id } : {}),
          ...(l.sku?.trim() ? { sku: l.sku.trim().slice(0, 200) } : {}),
          ...((l.name ?? l.title) ? { name: (l.name ?? l.title ?? "").slice(0, 500) } : {}),
          quantity: l.quantity,
          price: { amount: l.price_set?.shop_money.amount ?? l.price, currency },
        })),
        coupons,
      },
    },
    ...coupons.map((code) => ({
      ...common,
      id: `shopify:order:${orderId}:coupon:${code}`,
      type: "coupon.redeemed",
      occurredAt: o.created_at,
      data: { code, orderId },
    })),
  ];

  const refunded: string[] = [];
  for (const refund of o.refunds ?? []) {
    const amount = shopifyRefundAmount(refund, currency);
    const refundId = exactId(refund.id, refund.admin_graphql_api_id, warnings) ?? refund.id;
    if (!amount) {
      warnings.push(`refund ${refundId} has no amount in ${currency}; skipped`);
      continue;
    }
    if (compareDecimal(amount.amount, "0") <= 0) continue;
    refunded.push(amount.amount);
    events.push({
      ...common,
      id: `shopify:refund:${refundId}`,
      type: "order.refunded",
      occurredAt: refund.processed_at ?? refund.created_at ?? o.cancelled_at ?? o.created_at,
      data: { orderId, amount },
    });
  }
  if (o.cancelled_at) {
    const rest = subDecimal(total.amount, sumDecimals(refunded));
    if (compareDecimal(rest, "0") > 0) {
      // One id for "the rest of the order is void", so a repeated cancellation cannot count twice.
      events.push({
        ...common,
        id: `shopify:order:${orderId}:void`,
        type: "order.refunded",
        occurredAt: o.cancelled_at,
        data: { orderId, amount: { amount: rest, currency } },
      });
    }
  }
  events.push(...consentEvents(d, customer, o.customer?.email_marketing_consent, o.created_at));
  return emit(events, warnings);
}

/**
 * refunds/create is checked (a malformed one is refused) but maps to nothing: it names the order
 * but no customer, and every event needs one. The same refund arrives inside orders/updated, with
 * the same event id, where the customer is known.
 */
export function mapRefund(_d: Delivery, body: unknown): Mapped {
  const parsed = ShopifyRefund.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  return emit([], [`refund ${parsed.data.id} is applied from the order's orders/updated delivery`]);
}
