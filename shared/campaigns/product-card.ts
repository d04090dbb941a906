/**
 * One product in a mail's product block: the data the catalog hands the renderer at send time
 * (only products available at that moment), never more than the mail shows.
 */
export interface ProductCard {
  productId: string;
  title: string;
  url: string;
  imageUrl?: string;
  price: { amount: string; currency: string };
}
