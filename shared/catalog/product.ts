import type { Money } from "../events/primitives";

/**
 * A product as the catalog keeps it (one item per product and shop): the latest state by event
 * time, and how often it was bought in one order with each other category.
 */
export interface CatalogProduct {
  productId: string;
  title: string;
  category: string;
  url: string;
  imageUrl?: string;
  price: Money;
  available: boolean;
  deleted: boolean;
  /** The time of the event the state comes from (the recency ranking reads it). */
  updatedAt: string;
  /** Other category -> orders that had this product and a line of that category. */
  boughtWith: Readonly<Record<string, number>>;
}

/** Which state wins: the later event, and of two at the same instant the larger id, so every order of delivery agrees. */
export function versionOf(occurredAt: string, eventId: string): string {
  return `${occurredAt}#${eventId}`;
}

/** Shown in a product block: on sale now, and known beyond a counter (an order can name a product before its event). */
export function isShowable(p: CatalogProduct | undefined): p is CatalogProduct {
  return p?.available === true && !p.deleted && p.title !== "";
}

/** One product of an order and the order's other categories (what it was bought together with). */
export interface BoughtTogether {
  productId: string;
  categories: readonly string[];
}

/** A transaction holds 100 items: the order's marker and up to 99 products. */
export const MAX_PRODUCTS_PER_ORDER = 99;

/** The prefix of the attributes that count orders with this product and a line of a category. */
export const BOUGHT_WITH = "bw#";

export function boughtWithAttribute(category: string): string {
  return `${BOUGHT_WITH}${category}`;
}
