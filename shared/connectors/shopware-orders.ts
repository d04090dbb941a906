import { z } from "zod";
import { compareDecimal, subDecimal, sumDecimals } from "../domain/money";
import type { TopicMapper } from "./common";
import { AmountField, CurrencyField, couponCodes, customerOf, emit, invalid, TimeField } from "./fields";

/**
 * Shopware 6 business-event payloads (`data.payload`): the entity under its name, e.g.
 * `{"order": {...}}`, `{"customer": {...}}`, `{"newsletterRecipient": {...}}`. Amounts are JSON
 * numbers written by PHP's json_encode (shortest round-trip form), read back as that decimal text.
 */

export const Id = z.string().trim().min(1);

/** Shopware guests get a fresh customer record per order, so a guest is keyed by email instead. */
const OrderCustomer = z.object({
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  customerId: z.string().nullish(),
  customer: z.object({ guest: z.boolean().nullish() }).nullish(),
});

const CaptureRefund = z.object({
  id: Id,
  amount: z.object({ totalPrice: AmountField }),
  createdAt: TimeField.nullish(),
  stateMachineState: z.object({ technicalName: z.string() }).nullish(),
});

const Order = z.object({
  id: Id,
  orderDateTime: TimeField,
  amountTotal: AmountField,
  currency: z.object({ isoCode: CurrencyField }),
  orderCustomer: OrderCustomer,
  lineItems: z
    .array(
      z.object({
        type: z.string().nullish(),
        productId: z.string().trim().min(1).nullish(),
        label: z.string().nullish(),
        quantity: z.number().int().min(0),
        unitPrice: AmountField,
        // An object, or [] when PHP serialised an empty one.
        payload: z.unknown(),
      }),
    )
    .nullish(),
  transactions: z
    .array(z.object({ captures: z.array(z.object({ refunds: z.array(CaptureRefund).nullish() })).nullish() }))
    .nullish(),
});

function stringProp(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const prop = (value as Record<string, unknown>)[key];
  return typeof prop === "string" && prop.trim() !== "" ? prop.trim() : undefined;
}

interface OrderView {
  /** The order is (still) an order: emit order.placed. */
  placed: boolean;
  /** The order is cancelled or fully refunded: what no listed refund covers is refunded too. */
  voidRest: boolean;
}

export function orderMapper(view: OrderView): TopicMapper {
  return (d, payload) => {
    const parsed = z.object({ order: Order }).safeParse(payload);
    if (!parsed.success) return invalid(parsed.error, ["data", "payload"]);
    const o = parsed.data.order;
    const oc = o.orderCustomer;
    const guest = oc.customer?.guest === true;
    const customer = customerOf({
      id: guest ? undefined : (oc.customerId ?? undefined),
      email: oc.email,
      firstName: oc.firstName,
      lastName: oc.lastName,
    });
    if (!customer) return emit([], [`order ${o.id} names no customer and no email: nothing to map`]);
    const currency = o.currency.isoCode;
    const common = { shop: d.shop, customer };
    const lines = o.lineItems ?? [];
    const coupons = couponCodes(
      lines.filter((l) => l.type === "promotion").map((l) => stringProp(l.payload, "code")),
    );
    const events: unknown[] = [];
    if (view.placed) {
      events.push({
        ...common,
        id: `shopware:order:${o.id}:placed`,
        type: "order.placed",
        occurredAt: o.orderDateTime,
        data: {
          orderId: o.id,
          total: { amount: o.amountTotal, currency },
          items: lines
            .filter((l) => l.type !== "promotion")
            .slice(0, 1000)
            .map((l) => {
              const sku = stringProp(l.payload, "productNumber");
              return {
                ...(l.productId ? { productId: l.productId } : {}),
                ...(sku ? { sku: sku.slice(0, 200) } : {}),
                ...(l.label ? { name: l.label.slice(0, 500) } : {}),
                quantity: l.quantity,
                price: { amount: l.unitPrice, currency },
              };
            }),
          coupons,
        },
      });
      for (const code of coupons) {
        events.push({
          ...common,
          id: `shopware:order:${o.id}:coupon:${code}`,
          type: "coupon.redeemed",
          occurredAt: o.orderDateTime,
          data: { code, orderId: o.id },
        });
      }
    }
    const refunds = (o.transactions ?? [])
      .flatMap((t) => t.captures ?? [])
      .flatMap((c) => c.refunds ?? [])
      .filter((r) => r.stateMachineState?.technicalName === "completed");
    for (const r of refunds) {
      events.push({
        ...common,
        id: `shopware:refund:${r.id}`,
        type: "order.refunded",
        occurredAt: r.createdAt ?? d.firedAt ?? d.receivedAt,
        data: { orderId: o.id, amount: { amount: r.amount.totalPrice, currency } },
      });
    }
    const rest = subDecimal(o.amountTotal, sumDecimals(refunds.map((r) => r.amount.totalPrice)));
    if (view.voidRest && compareDecimal(rest, "0") > 0) {
      // One id for "the rest of the order is void", whether it came by refund or by cancellation.
      events.push({
        ...common,
        id: `shopware:order:${o.id}:void`,
        type: "order.refunded",
        occurredAt: d.firedAt ?? d.receivedAt,
        data: { orderId: o.id, amount: { amount: rest, currency } },
      });
    }
    const warnings =
      !view.placed && !view.voidRest && refunds.length === 0
        ? [`order ${o.id}: partial refund without completed capture refunds in the payload`]
        : [];
    return emit(events, warnings);
  };
}
