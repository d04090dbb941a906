import type { ProductCard } from "../campaigns/product-card";
import type { CatalogStore } from "./catalog-store";
import { type CatalogProduct, isShowable } from "./product";

/** A product block never shows more. */
export const MAX_PRODUCTS = 3;
/**
 * Below this many orders, "bought together" is chance, not a pattern: such products rank by
 * recency behind those with enough evidence (a new shop's block is simply its newest products).
 */
export const MIN_BOUGHT_TOGETHER = 3;
/** How many of a category's available products the ranking looks at (one index page). */
const CANDIDATES = 50;

export interface ProductRequest {
  /** The category to show products of. */
  category: string;
  /** The categories the customer bought: products often bought in one order with them rank first. */
  boughtWith: readonly string[];
}

/** Bought-together first (orders with one of `boughtWith`, at least MIN_BOUGHT_TOGETHER), then newest first. */
export function rankProducts(
  products: readonly CatalogProduct[],
  boughtWith: readonly string[],
): CatalogProduct[] {
  const score = (p: CatalogProduct) => boughtWith.reduce((sum, c) => sum + (p.boughtWith[c] ?? 0), 0);
  const newest = (a: CatalogProduct, b: CatalogProduct) =>
    b.updatedAt.localeCompare(a.updatedAt) || a.productId.localeCompare(b.productId);
  const evidenced = products.filter((p) => score(p) >= MIN_BOUGHT_TOGETHER);
  const rest = products.filter((p) => score(p) < MIN_BOUGHT_TOGETHER);
  return [...evidenced.sort((a, b) => score(b) - score(a) || newest(a, b)), ...rest.sort(newest)];
}

/**
 * Up to `max` products of the category that are available now. The index is read for the
 * ranking; the chosen ones are then read again, strongly consistent, so a product that sold out
 * or was deleted a moment ago is never shown (the index follows the table with a small delay).
 */
export async function recommendProducts(
  store: CatalogStore,
  shop: string,
  request: ProductRequest,
  max = MAX_PRODUCTS,
): Promise<ProductCard[]> {
  const listed = await store.availableIn(shop, request.category, CANDIDATES);
  const ranked = rankProducts(listed, request.boughtWith).slice(0, max * 3);
  const now = new Map(
    (
      await store.current(
        shop,
        ranked.map((p) => p.productId),
      )
    ).map((p) => [p.productId, p]),
  );
  return ranked
    .map((p) => now.get(p.productId))
    .filter((p): p is CatalogProduct => isShowable(p) && p.category === request.category)
    .slice(0, max)
    .map(toCard);
}

function toCard(p: CatalogProduct): ProductCard {
  return {
    productId: p.productId,
    title: p.title,
    url: p.url,
    ...(p.imageUrl ? { imageUrl: p.imageUrl } : {}),
    price: { amount: p.price.amount, currency: p.price.currency },
  };
}
