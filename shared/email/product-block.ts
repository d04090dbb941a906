import { MAX_PRODUCT_CARDS, type ProductCard } from "../campaigns/product-card";
import type { TemplateVars } from "./templates";

/**
 * The product block's data as template variables (`product1Title`, `product1Url`...), so a card's
 * title reaches the mail through the same one-pass, escaping substitution as a first name. The
 * layout (./layout.ts) places the cards; which of them have a picture is part of its shape.
 */
export function productVars(
  cards: readonly ProductCard[],
  locale: string,
  link: (url: string) => string,
): TemplateVars {
  const vars: TemplateVars = {};
  cards.slice(0, MAX_PRODUCT_CARDS).forEach((card, i) => {
    const n = i + 1;
    vars[`product${n}Title`] = card.title;
    vars[`product${n}Url`] = link(card.url);
    vars[`product${n}Price`] = formatPrice(card.price, locale);
    if (card.imageUrl) vars[`product${n}Image`] = card.imageUrl;
  });
  return vars;
}

/** Per card: does it have a picture. The layout differs only in this, so it is the cache key. */
export function productShape(cards: readonly ProductCard[]): boolean[] {
  return cards.slice(0, MAX_PRODUCT_CARDS).map((c) => c.imageUrl !== undefined && c.imageUrl !== "");
}

/**
 * A price as the customer's locale writes it: `19,90 €` in German, `€19.90` in English. The
 * decimal string goes to Intl as a string, so no float ever rounds it.
 */
export function formatPrice(price: { amount: string; currency: string }, locale: string): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: "currency", currency: price.currency });
    return format.format(price.amount as unknown as number);
  } catch {
    return `${price.amount} ${price.currency}`;
  }
}
