/**
 * The playbook's shop-specific settings, kept in one place: change them here (campaigns are code,
 * reviewed and tested like code) rather than in each campaign.
 */

/**
 * Cross-sell map: a category bought -> the related category to suggest 10 days later. Keys and
 * values are the shop's own category names as its events carry them (`items[].category`).
 */
export const CROSS_SELL: Readonly<Record<string, string>> = {
  phones: "accessories",
  laptops: "accessories",
  cameras: "accessories",
  "coffee-machines": "coffee",
  bikes: "bike-parts",
  shoes: "shoe-care",
};

/** The related category of an order's categories: the first one the map knows, in line order. */
export function crossSellFor(categories: readonly string[]): string | undefined {
  for (const c of categories) {
    const target = CROSS_SELL[c];
    if (target !== undefined) return target;
  }
  return undefined;
}

/**
 * The benefit promised at sign-up, which the welcome mail confirms. Plain words; the default
 * promises nothing the shop would have to set up first (a coupon code, an extended warranty):
 * put yours here, e.g. "10 % off your first order with the code WELCOME10".
 */
export const WELCOME_BENEFIT = {
  de: "Sie erfahren als Erste von neuen Produkten, Aktionen und nützlichen Tipps.",
  en: "You will be the first to hear about new products, offers and useful tips.",
};

/**
 * The reactivation offer (./reactivation.ts), in the words of the mail. The code must exist in the
 * shop: create it there, or write your own offer here, before the campaign goes live.
 */
export const REACTIVATION_OFFER = {
  de: "Als kleines Dankeschön für Ihre Rückkehr erhalten Sie mit dem Code WIEDERDA10 10 % Rabatt auf Ihre nächste Bestellung.",
  en: "As a small thank-you for coming back, the code WIEDERDA10 gives you 10 % off your next order.",
};
