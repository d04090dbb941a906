import type { ShopEvent } from "../../shared/events/product-events";

/** A product.updated as a shop's own system would send it on POST /events. */
export function productUpdated(over: {
  productId: string;
  at: string;
  title?: string;
  category?: string;
  available?: boolean;
  price?: string;
  shop?: string;
  id?: string;
}): ShopEvent {
  return {
    id: over.id ?? `prod-${over.productId}-${over.at}`,
    shop: over.shop ?? "default",
    type: "product.updated",
    occurredAt: over.at,
    data: {
      productId: over.productId,
      title: over.title ?? `Product ${over.productId}`,
      category: over.category ?? "accessories",
      url: `https://shop.example/products/${over.productId}`,
      imageUrl: `https://cdn.shop.example/${over.productId}.jpg`,
      price: { amount: over.price ?? "19.90", currency: "EUR" },
      available: over.available ?? true,
    },
  };
}

export function productDeleted(over: { productId: string; at: string; shop?: string }): ShopEvent {
  return {
    id: `prod-${over.productId}-deleted`,
    shop: over.shop ?? "default",
    type: "product.deleted",
    occurredAt: over.at,
    data: { productId: over.productId },
  };
}
