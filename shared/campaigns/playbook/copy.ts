/**
 * What every playbook mail shares: the greeting, the footer that says why the mail came with the
 * one-click unsubscribe, and a small builder so a campaign writes its copy once per language and
 * gets the HTML and the plain-text part from it.
 */

import { PRODUCTS_MARKER } from "../product-block";

export type Locale = "de" | "en";

export const footer = {
  de: {
    html: '<p style="font-size:12px;color:#666">Sie erhalten diese E-Mail, weil Sie unserem Newsletter zugestimmt haben. <a href="{{unsubscribeUrl}}">Abmelden</a></p>',
    text: "Abmelden: {{unsubscribeUrl}}",
  },
  en: {
    html: '<p style="font-size:12px;color:#666">You receive this email because you agreed to hear from us. <a href="{{unsubscribeUrl}}">Unsubscribe</a></p>',
    text: "Unsubscribe: {{unsubscribeUrl}}",
  },
};

export const hello = {
  de: "{{#firstName}}Hallo {{firstName}}{{/firstName}}{{^firstName}}Hallo{{/firstName}}",
  en: "{{#firstName}}Hi {{firstName}}{{/firstName}}{{^firstName}}Hi there{{/firstName}}",
};

/** A paragraph: the same words in both parts, or its own HTML and text (links, lists). */
export type Block = string | { html: string; text: string };

/** The product block's place in a letter (filled at send time: ../product-block.ts). */
export const PRODUCTS: Block = { html: PRODUCTS_MARKER.html, text: PRODUCTS_MARKER.text };

const signOff: Record<Locale, string> = {
  de: "Herzliche Grüße\nIhr Shop-Team",
  en: "Best wishes\nYour shop team",
};

/** One language's template: greeting, the paragraphs, a sign-off and the footer. */
export function letter(locale: Locale, subject: string, blocks: readonly Block[]) {
  // The product block is a table, which a <p> may not hold.
  const html = blocks
    .map((b) =>
      b === PRODUCTS ? PRODUCTS_MARKER.html : `<p>${typeof b === "string" ? escapeText(b) : b.html}</p>`,
    )
    .join("");
  const text = blocks.map((b) => (typeof b === "string" ? b : b.text)).join("\n\n");
  return {
    subject,
    html: `<p>${hello[locale]},</p>${html}<p>${signOff[locale].replace("\n", "<br>")}</p>${footer[locale].html}`,
    text: `${hello[locale]},\n\n${text}\n\n${signOff[locale]}\n\n${footer[locale].text}`,
  };
}

/** Copy written as plain words may contain "&" or "<"; in the HTML part they must stay words. */
function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
