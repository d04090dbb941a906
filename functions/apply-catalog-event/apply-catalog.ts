import type { CatalogStore, CatalogWrite } from "../../shared/catalog/catalog-store";
import type { BoughtTogether } from "../../shared/catalog/product";
import type { EventOf } from "../../shared/events/catalog";
import type { ShopEvent } from "../../shared/events/product-events";

export type CatalogOutcome = CatalogWrite | "added" | "duplicate" | "ignored";

/**
 * Keeps the shop's catalog: one item per product, last writer wins by event time. A duplicate or
 * an older event delivered late is one rejected conditional write and changes nothing ("stale").
 * An order adds to its products' bought-together counts, once per order id.
 */
export async function applyCatalogEvent(
  event: ShopEvent,
  deps: { catalog: CatalogStore },
): Promise<CatalogOutcome> {
  const at = { occurredAt: event.occurredAt, eventId: event.id };
  switch (event.type) {
    case "product.updated":
      return deps.catalog.put(event.shop, event.data, at);
    case "product.deleted":
      return deps.catalog.remove(event.shop, event.data.productId, at);
    case "order.placed": {
      const lines = boughtTogetherOf(event.data.items);
      return lines.length ? deps.catalog.addBoughtTogether(event.shop, event.data.orderId, lines) : "ignored";
    }
    default:
      return "ignored";
  }
}

/** Each product of the order with the categories of the order's other lines (its own lines left out). */
export function boughtTogetherOf(items: EventOf<"order.placed">["data"]["items"]): BoughtTogether[] {
  const products = [...new Set(items.flatMap((i) => (i.productId ? [i.productId] : [])))];
  return products.flatMap((productId) => {
    const categories = [
      ...new Set(items.flatMap((i) => (i.productId !== productId && i.category ? [i.category] : []))),
    ];
    return categories.length ? [{ productId, categories }] : [];
  });
}
