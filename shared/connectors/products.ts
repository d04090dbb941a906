import { z } from "zod";
import type { Delivery, TopicMapper } from "./common";
import { AmountField, emit, GmtTimeField, IdField, invalid, TimeField } from "./fields";
import { exactId } from "./shopify-customers";

/**
 * The platforms' product webhooks as catalog events (shared/events/product-events.ts). Neither
 * Shopify's nor WooCommerce's product payload names a currency (prices are in the shop's own), so
 * the price is taken in the deployment's catalog currency (`CATALOG_CURRENCY`, default EUR).
 * Event ids carry the product's own modification time: a redelivery is the same event, a later
 * change a new one, and the catalog keeps the latest by that time whatever order they come in.
 */

export const DEFAULT_CATALOG_CURRENCY = "EUR";
const currencyOf = (d: Delivery) => d.catalogCurrency ?? DEFAULT_CATALOG_CURRENCY;
/** Products without a type or category still belong somewhere the map can name. */
const NO_CATEGORY = "uncategorized";

const ShopifyVariant = z.object({
  price: AmountField.nullish(),
  inventory_policy: z.string().nullish(),
  inventory_management: z.string().nullish(),
  inventory_quantity: z.number().nullish(),
});

const ShopifyProduct = z.object({
  id: IdField,
  admin_graphql_api_id: z.string().nullish(),
  title: z.string().trim().min(1),
  handle: z.string().trim().min(1),
  product_type: z.string().nullish(),
  status: z.string().nullish(),
  published_at: z.string().nullish(),
  updated_at: TimeField.nullish(),
  image: z.object({ src: z.string() }).nullish(),
  images: z.array(z.object({ src: z.string() })).nullish(),
  variants: z.array(ShopifyVariant).default([]),
});

/** Sellable: active, on the online store, and a variant in stock, untracked, or sold beyond stock. */
function shopifyAvailable(p: z.infer<typeof ShopifyProduct>): boolean {
  if ((p.status ?? "active") !== "active" || !p.published_at) return false;
  return p.variants.some(
    (v) =>
      v.inventory_policy === "continue" || v.inventory_management === null || (v.inventory_quantity ?? 0) > 0,
  );
}

/** The lowest variant price: what "from" a product page shows. */
function lowest(prices: readonly (string | null | undefined)[]): string | undefined {
  const known = prices.filter((p): p is string => typeof p === "string");
  return known.sort((a, b) => Number(a) - Number(b))[0];
}

export const mapShopifyProduct: TopicMapper = (d, body) => {
  const parsed = ShopifyProduct.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const p = parsed.data;
  const warnings: string[] = [];
  const id = exactId(p.id, p.admin_graphql_api_id, warnings) ?? p.id;
  const at = p.updated_at ?? d.firedAt ?? d.receivedAt;
  const image = p.image?.src ?? p.images?.[0]?.src;
  return emit(
    [
      {
        id: `shopify:product:${id}:${at}`,
        shop: d.shop,
        type: "product.updated",
        occurredAt: at,
        data: {
          productId: id,
          title: p.title.slice(0, 500),
          category: p.product_type?.trim() || NO_CATEGORY,
          // The shop's myshopify domain redirects to its primary domain.
          url: `https://${d.shop}/products/${encodeURIComponent(p.handle)}`,
          ...(image ? { imageUrl: image } : {}),
          price: { amount: lowest(p.variants.map((v) => v.price)) ?? "0", currency: currencyOf(d) },
          available: shopifyAvailable(p),
        },
      },
    ],
    warnings,
  );
};

export const mapShopifyProductDelete: TopicMapper = (d, body) => {
  const parsed = z.object({ id: IdField }).safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  return emit([deleted("shopify", d, parsed.data.id)]);
};

/**
 * Topics that name one variant or inventory item, not the product (variants/in_stock, out_of_stock,
 * inventory_levels/update): acknowledged, mapped to nothing. A product is available while any of
 * its variants is, which one variant's stock does not tell; products/update, which Shopify sends
 * when an order or a stock change updates the product, carries every variant's stock.
 */
export const mapShopifyStockTopic: TopicMapper = (d) =>
  emit([], [`${d.topic} names a variant or inventory item; availability comes from products/update`]);

const WooProduct = z.object({
  id: IdField,
  name: z.string().trim().min(1),
  permalink: z.string(),
  status: z.string().nullish(),
  price: z.union([AmountField, z.literal("")]).nullish(),
  stock_status: z.string().nullish(),
  purchasable: z.boolean().nullish(),
  date_modified_gmt: GmtTimeField.nullish(),
  categories: z.array(z.object({ name: z.string(), slug: z.string().nullish() })).default([]),
  images: z.array(z.object({ src: z.string() })).default([]),
});

export const mapWooProduct: TopicMapper = (d, body) => {
  const parsed = WooProduct.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const p = parsed.data;
  const at = p.date_modified_gmt ?? d.receivedAt;
  const available =
    p.status === "publish" && p.purchasable !== false && (p.stock_status ?? "instock") !== "outofstock";
  const image = p.images[0]?.src;
  return emit([
    {
      id: `woocommerce:product:${p.id}:${at}`,
      shop: d.shop,
      type: "product.updated",
      occurredAt: at,
      data: {
        productId: p.id,
        title: p.name.slice(0, 500),
        category: p.categories[0]?.slug?.trim() || p.categories[0]?.name.trim() || NO_CATEGORY,
        url: p.permalink,
        ...(image ? { imageUrl: image } : {}),
        price: { amount: p.price || "0", currency: currencyOf(d) },
        available,
      },
    },
  ]);
};

export const mapWooProductDelete: TopicMapper = (d, body) => {
  const parsed = z.object({ id: IdField }).safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  return emit([deleted("woocommerce", d, parsed.data.id)]);
};

/**
 * Shopware's `product.written` / `product.deleted` carry the keys of what changed, not the product
 * (as `customer.written` does): a deletion maps; an insert or update would need the Admin API.
 */
const WrittenEntities = z.array(
  z.object({
    entity: z.string(),
    operation: z.string(),
    primaryKey: z.union([z.string(), z.record(z.string(), z.string())]),
  }),
);

export const mapShopwareProductWritten: TopicMapper = (d, payload) => {
  const parsed = WrittenEntities.safeParse(payload);
  if (!parsed.success) return invalid(parsed.error, ["data", "payload"]);
  const gone = parsed.data.filter(
    (e) => e.entity === "product" && e.operation.startsWith("delete") && typeof e.primaryKey === "string",
  );
  const kept = parsed.data.length - gone.length;
  return emit(
    gone.map((e) => deleted("shopware", d, e.primaryKey as string)),
    kept > 0
      ? [`${kept} product write(s) carry keys only; fetch the product from the Admin API to map them`]
      : [],
  );
};

function deleted(platform: string, d: Delivery, productId: string) {
  return {
    id: `${platform}:product:${productId}:deleted`,
    shop: d.shop,
    type: "product.deleted",
    occurredAt: d.firedAt ?? d.receivedAt,
    data: { productId },
  };
}
