import type { Brand } from "./brand";
import { COMPILED_LAYOUTS } from "./compiled-layout.generated";
import { footerCopy, type LayoutLanguage, productCopy } from "./layout-copy";
import { buttonStyle, type LayoutValue } from "./layout-source";
import { escapeHtml } from "./templates";

/**
 * The one layout every mail is sent in: HTML compiled from MJML at build time (./layout-source.ts,
 * ./compiled-layout.generated.ts), filled here, plus the plain-text part. The campaign's own
 * content keeps its placeholders; brand values (checked to hold no braces) go in as escaped
 * literal text; everything that differs per customer or per send (names, links, products) stays
 * a placeholder, so the result is a template that one substitution pass fills
 * (../campaigns/compose.ts).
 */
export interface LayoutSpec {
  /** `lang` of the document: the customer's locale tag where it speaks the template's language. */
  lang: string;
  language: LayoutLanguage;
  brand: Brand;
  /** Lifecycle, promotional and service mail: the footer carries the one-click unsubscribe. */
  unsubscribe: boolean;
  /** Why the mail came, in the footer. */
  reason: "order" | "customer" | "consent";
  content: { subject: string; preheader: string; html: string; text: string };
  /** Per product card (at most three): does it have a picture. */
  products: readonly boolean[];
}

/** Where a template places the product block; without it the block follows the content. */
export const PRODUCTS_SLOT = /\{\{\s*products\s*\}\}/;

/** A sentinel of the compiled layout, or the start or end of a part that may be left out. */
const SENTINEL = /<!--@@if:(\w+)-->|<!--@@end:(\w+)-->|@@(\w+)@@/g;

/**
 * The layout's HTML for this mail, its placeholders intact. One pass over the compiled layout:
 * each sentinel is replaced once and what it brings in (the campaign's content, brand text) is
 * never scanned again, so content that happens to spell a sentinel stays as written.
 */
export function layoutHtml(spec: LayoutSpec): string {
  const { brand } = spec;
  const compiled = COMPILED_LAYOUTS[spec.products.length];
  if (compiled === undefined) throw new RangeError(`at most 3 product cards, got ${spec.products.length}`);
  const [before = "", after = ""] = spec.content.html.split(PRODUCTS_SLOT);
  const onColor = readableOn(brand.color);
  const values: Record<LayoutValue, string> = {
    lang: escapeHtml(spec.lang),
    title: escapeHtml(spec.content.subject),
    preheader: escapeHtml(spec.content.preheader),
    color: brand.color,
    onColor,
    logoUrl: escapeHtml(brand.logoUrl),
    brandName: escapeHtml(brand.name),
    before: inlineButtonStyle(before.trim(), brand.color, onColor),
    after: inlineButtonStyle(after.trim(), brand.color, onColor),
    footer: footerHtml(spec),
    view: escapeHtml(productCopy[spec.language].view),
  };
  const shown: Record<string, boolean> = {
    preheader: values.preheader !== "",
    before: values.before !== "",
    after: values.after !== "",
  };
  spec.products.forEach((hasImage, i) => {
    shown[`image${i + 1}`] = hasImage;
  });
  const hidden: boolean[] = [];
  let out = "";
  let last = 0;
  for (const match of compiled.matchAll(SENTINEL)) {
    if (!hidden.some(Boolean)) out += compiled.slice(last, match.index);
    last = match.index + match[0].length;
    const [, open, close, name] = match;
    if (open !== undefined) hidden.push(!(shown[open] ?? false));
    else if (close !== undefined) hidden.pop();
    else if (!hidden.some(Boolean)) out += values[name as LayoutValue];
  }
  return out + compiled.slice(last);
}

/**
 * The campaign's `<a class="button">` links in the brand's colours, as MJML inlines the layout's
 * `a.button` rule when it compiles a whole mail: the rule's declarations first, then any style
 * the link has itself. The layout is compiled without the content, so this is done here.
 */
function inlineButtonStyle(html: string, color: string, onColor: string): string {
  const style = buttonStyle(color, onColor);
  return html.replace(/<a\b[^>]*>/gi, (tag) => {
    const classes = /\sclass\s*=\s*"([^"]*)"/i.exec(tag)?.[1]?.split(/\s+/) ?? [];
    if (!classes.includes("button")) return tag;
    const own = /\sstyle\s*=\s*"([^"]*)"/i.exec(tag);
    if (own) return tag.replace(own[0], () => ` style="${mergeStyles(style, own[1] ?? "")}"`);
    return tag.replace(/\s*\/?>$/, (end) => ` style="${style}"${end.trim()}`);
  });
}

/** The footer: why the mail came, the unsubscribe link where it belongs, the imprint, the website. */
export function footerHtml(spec: LayoutSpec): string {
  const copy = footerCopy[spec.language];
  const name = escapeHtml(spec.brand.name);
  const lines = [
    escapeHtml(copy.reason[spec.reason]).replace("%s", () => name),
    ...(spec.unsubscribe ? [`<a href="{{unsubscribeUrl}}">${escapeHtml(copy.unsubscribe)}</a>`] : []),
    "",
    ...spec.brand.imprint.map(escapeHtml),
    `<a href="{{websiteUrl}}">${escapeHtml(displayUrl(spec.brand.websiteUrl))}</a>`,
  ];
  return lines.join("<br>\n");
}

/** The plain-text part: the same content, products and footer, as text. */
export function layoutText(spec: LayoutSpec): string {
  const copy = footerCopy[spec.language];
  const products = spec.products
    .map((_, i) => `* {{product${i + 1}Title}}, {{product${i + 1}Price}}\n  {{product${i + 1}Url}}`)
    .join("\n");
  const [before = "", after] = spec.content.text.split(PRODUCTS_SLOT);
  const body = after === undefined ? [before, products] : [before, products, after];
  const footer = [
    copy.reason[spec.reason].replace("%s", () => spec.brand.name),
    ...(spec.unsubscribe ? [`${copy.unsubscribeText}: {{unsubscribeUrl}}`] : []),
    "",
    ...spec.brand.imprint,
    "{{websiteUrl}}",
  ];
  return [
    spec.brand.name,
    ...body.map((b) => b.trim()).filter((b) => b !== ""),
    `-- \n${footer.join("\n")}`,
  ].join("\n\n");
}

function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, "").replace(/\/$/, "");
}

/** The rule's declarations, then the link's own, each as `name: value;` (the link's win, as in CSS). */
function mergeStyles(rule: string, own: string): string {
  const declarations = (css: string) =>
    css
      .split(";")
      .map((d) => d.split(":"))
      .filter(([name, ...value]) => name?.trim() && value.join(":").trim())
      .map(([name = "", ...value]) => [name.trim().toLowerCase(), value.join(":").trim()] as const);
  const mine = declarations(own);
  const names = new Set(mine.map(([name]) => name));
  return [...declarations(rule).filter(([name]) => !names.has(name)), ...mine]
    .map(([name, value]) => `${name}: ${value};`)
    .join(" ");
}

/** Black or white text on a button of the brand colour, whichever contrasts more (WCAG luminance). */
export function readableOn(hex: string): "#000000" | "#ffffff" {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
}
