import { z } from "zod";
import { CanonicalEvent } from "./catalog";
import { DecimalString, ExternalId, IsoDateTime, Money } from "./primitives";

/**
 * The shop's catalog as events: `product.updated` carries the whole product as the shop shows it
 * now, `product.deleted` its end. They name no customer, so they sit beside the customer events
 * of ./catalog.ts rather than in them: every consumer of a canonical event can rely on its
 * customer, and only the catalog writer (functions/apply-catalog-event) sees these.
 */

/** Links end up in mail: only http(s), never `javascript:` or `data:`. */
export const HttpUrl = z.url({ protocol: /^https?$/, message: "must be an http(s) URL" }).max(2000);

export const ProductData = z.object({
  productId: ExternalId,
  title: z.string().trim().min(1).max(500),
  category: z.string().trim().min(1).max(200),
  url: HttpUrl,
  imageUrl: HttpUrl.optional(),
  price: Money.extend({ amount: DecimalString.refine((a) => !a.startsWith("-"), "must not be negative") }),
  available: z.boolean(),
});
export type ProductData = z.infer<typeof ProductData>;

const base = {
  id: z.string().min(1).max(200),
  shop: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/, "must be a shop id of letters, digits, '.', '_' or '-'")
    .default("default"),
  occurredAt: IsoDateTime,
};

export const ProductUpdated = z.object({ ...base, type: z.literal("product.updated"), data: ProductData });
export const ProductDeleted = z.object({
  ...base,
  type: z.literal("product.deleted"),
  data: z.object({ productId: ExternalId }),
});

export const ProductEvent = z.discriminatedUnion("type", [ProductUpdated, ProductDeleted]);
export type ProductEvent = z.infer<typeof ProductEvent>;
export const PRODUCT_EVENT_TYPES = ["product.updated", "product.deleted"] as const;

/** What `POST /events` and the shop connectors accept: a customer event or a catalog event. */
export const ShopEvent = z.discriminatedUnion("type", [
  ...CanonicalEvent.options,
  ProductUpdated,
  ProductDeleted,
]);
export type ShopEvent = z.infer<typeof ShopEvent>;

export function isProductEvent(event: ShopEvent): event is ProductEvent {
  return (PRODUCT_EVENT_TYPES as readonly string[]).includes(event.type);
}
