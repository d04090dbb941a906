/**
 * One product as a mail shows it: the catalog chooses the cards at send time, the layout renders
 * up to three. Money as everywhere: a decimal string plus an ISO currency, never a float.
 */
export interface ProductCard {
  productId: string;
  title: string;
  /** The product page (http or https); the layout adds the UTM parameters. */
  url: string;
  imageUrl?: string;
  price: { amount: string; currency: string };
}

/** A mail shows at most this many cards; more would push the footer off a phone's screen. */
export const MAX_PRODUCT_CARDS = 3;
