import type { ProductRequest } from "../catalog/recommend";
import type { ProfileView } from "../domain/profile-view";
import type { Campaign } from "./definition";
import { crossSellFor } from "./playbook/config";
import type { ProductCard } from "./product-card";

/** Finds the products of a block at send time (shared/catalog/recommend.ts behind it). */
export type FindProducts = (shop: string, request: ProductRequest) => Promise<ProductCard[]>;

/** Which category a campaign's block shows for this customer and trigger; undefined: none fits. */
export function productRequestOf(
  campaign: Campaign,
  trigger: { data: Record<string, unknown> },
  profile: ProfileView,
): ProductRequest | undefined {
  const ordered = categoriesOf(trigger.data.items);
  const from = campaign.products?.from;
  if (from === "cross-sell") {
    const category = crossSellFor(ordered);
    return category ? { category, boughtWith: ordered } : undefined;
  }
  if (from === "repeat-category") {
    const category = profile.repeatCategory ?? undefined;
    return category ? { category, boughtWith: [category] } : undefined;
  }
  if (from === "related") {
    // As the templates word it: the order's related category, else the customer's first category.
    const category = crossSellFor(ordered) ?? profile.categories[0];
    return category ? { category, boughtWith: ordered.length > 0 ? ordered : profile.categories } : undefined;
  }
  return undefined;
}

/**
 * The products a mail shows, looked up when it is sent (a product sold out since the trigger is
 * not shown), or "no-products" when the block is the point and nothing is available.
 */
export async function productsAtSend(
  campaign: Campaign,
  shop: string,
  trigger: { data: Record<string, unknown> },
  profile: ProfileView,
  find: FindProducts | undefined,
): Promise<ProductCard[] | "no-products"> {
  if (!campaign.products) return [];
  const request = productRequestOf(campaign, trigger, profile);
  const products = request && find ? await find(shop, request) : [];
  return products.length === 0 && campaign.products.required ? "no-products" : products;
}

/** The categories of an order's lines (the trigger's `items`), in line order. */
export function categoriesOf(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  return items.flatMap((i) => (typeof i?.category === "string" ? [i.category as string] : []));
}
