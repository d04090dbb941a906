/**
 * What every playbook mail shares: the greeting, the sign-off in the brand's name, and a small
 * builder so a campaign writes its copy once per language and gets the HTML and the plain-text
 * part from it. The footer (why the mail came, the imprint, the one-click unsubscribe) is the
 * layout's (shared/email/layout.ts), so no campaign can forget it.
 */

export type Locale = "de" | "en";

export const hello = {
  de: "{{#firstName}}Hallo {{firstName}}{{/firstName}}{{^firstName}}Hallo{{/firstName}}",
  en: "{{#firstName}}Hi {{firstName}}{{/firstName}}{{^firstName}}Hi there{{/firstName}}",
};

/** A paragraph: the same words in both parts, or its own HTML and text (links, lists). */
export type Block = string | { html: string; text: string };

const signOff: Record<Locale, string> = {
  de: "Herzliche Grüße\nIhr Team von {{brandName}}",
  en: "Best wishes\nYour team at {{brandName}}",
};

/**
 * A link styled as a button (the layout's `a.button` style, inlined by shared/email/layout.ts),
 * shown only when the variable has a value; the text part gets "label: url".
 */
export function button(label: string, variable: string): Block {
  const url = `{{${variable}}}`;
  return {
    html: `{{#${variable}}}<a class="button" href="${url}">${escapeText(label)}</a>{{/${variable}}}`,
    text: `{{#${variable}}}${label}: ${url}{{/${variable}}}`,
  };
}

/** A block that places the product cards (when the mail has any) between two paragraphs. */
export const PRODUCTS: Block = { html: "{{products}}", text: "{{products}}" };

/** One language's template: greeting, the paragraphs and a sign-off; the first paragraph is the preheader. */
export function letter(locale: Locale, subject: string, blocks: readonly Block[]) {
  const html = blocks
    .map((b) =>
      typeof b === "string" ? `<p>${escapeText(b)}</p>` : b === PRODUCTS ? b.html : `<p>${b.html}</p>`,
    )
    .join("");
  const text = blocks.map((b) => (typeof b === "string" ? b : b.text)).join("\n\n");
  const first = blocks[0];
  return {
    subject,
    html: `<p>${hello[locale]},</p>${html}<p>${signOff[locale].replace("\n", "<br>")}</p>`,
    text: `${hello[locale]},\n\n${text}\n\n${signOff[locale]}`,
    ...(first !== undefined && first !== PRODUCTS
      ? { preheader: typeof first === "string" ? first : first.text }
      : {}),
  };
}

/** Copy written as plain words may contain "&" or "<"; in the HTML part they must stay words. */
function escapeText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
