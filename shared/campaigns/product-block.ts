import { escapeHtml } from "../email/templates";
import type { ProductCard } from "./product-card";

/**
 * Where a template shows the product block (./playbook/copy.ts places it): an HTML comment and a
 * text line the template check lets through, replaced at send time by the block or by nothing.
 * A minimal list (picture, linked title, price in the customer's locale); the mail layout may
 * render the same cards its own way.
 */
export const PRODUCTS_MARKER = { html: "<!--stammkunde:products-->", text: "[[stammkunde:products]]" };

export function fillProductBlock(
  rendered: { subject: string; html: string; text: string },
  products: readonly ProductCard[],
  locale: string,
): { subject: string; html: string; text: string } {
  const html = products.length
    ? `<table role="presentation" cellpadding="8">${products.map((p) => cardHtml(p, locale)).join("")}</table>`
    : "";
  const text = products.map((p) => `- ${p.title}, ${formatPrice(p.price, locale)}: ${p.url}`).join("\n");
  return {
    subject: rendered.subject,
    html: rendered.html.replace(PRODUCTS_MARKER.html, html),
    // Without products the marker's paragraph goes with it, not leaving a blank gap.
    text: text
      ? rendered.text.replace(PRODUCTS_MARKER.text, text)
      : rendered.text.replace(`\n\n${PRODUCTS_MARKER.text}`, ""),
  };
}

function cardHtml(p: ProductCard, locale: string): string {
  const url = escapeHtml(p.url);
  const title = escapeHtml(p.title);
  const image = p.imageUrl
    ? `<a href="${url}"><img src="${escapeHtml(p.imageUrl)}" alt="${title}" width="120" style="display:block;max-width:120px;height:auto"></a>`
    : "";
  return `<tr><td>${image}</td><td><a href="${url}">${title}</a><br>${escapeHtml(formatPrice(p.price, locale))}</td></tr>`;
}

/** "19,90 €" in German, "€19.90" in English: the decimal string goes to Intl as a string, never a float. */
export function formatPrice(price: { amount: string; currency: string }, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: price.currency }).format(
      price.amount as `${number}`,
    );
  } catch {
    return `${price.amount} ${price.currency}`;
  }
}
