import type { CatalogStore, CatalogWrite } from "../../shared/catalog/catalog-store";
import type { ProductEvent } from "../../shared/events/product-events";

/**
 * Keeps the shop's catalog: one item per product, last writer wins by event time. A duplicate or
 * an older event delivered late is one rejected conditional write and changes nothing ("stale").
 */
export async function applyCatalogEvent(
  event: ProductEvent,
  deps: { catalog: CatalogStore },
): Promise<CatalogWrite> {
  const at = { occurredAt: event.occurredAt, eventId: event.id };
  return event.type === "product.updated"
    ? deps.catalog.put(event.shop, event.data, at)
    : deps.catalog.remove(event.shop, event.data.productId, at);
}
