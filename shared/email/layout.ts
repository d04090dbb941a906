import type { Brand } from "./brand";
import { footerCopy, type LayoutLanguage, productCopy } from "./layout-copy";
import { escapeHtml } from "./templates";

/**
 * The one layout every mail is sent in, as MJML source plus the plain-text part. The campaign's
 * own content keeps its placeholders; brand values (checked to hold no braces) go in as literal
 * text; everything that differs per customer or per send (names, links, products) stays a
 * placeholder, so the compiled HTML is a template that one substitution pass fills (./compose.ts).
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

const GREY = "#555555";

export function layoutMjml(spec: LayoutSpec): string {
  const { brand } = spec;
  const [before = "", after = ""] = spec.content.html.split(PRODUCTS_SLOT);
  const onColor = readableOn(brand.color);
  const text = (html: string) =>
    html.trim() === ""
      ? ""
      : `<mj-section background-color="#ffffff" padding="0 16px"><mj-column><mj-text>${html}</mj-text></mj-column></mj-section>`;
  return `<mjml lang="${escapeHtml(spec.lang)}" dir="ltr">
<mj-head>
<mj-title>${escapeHtml(spec.content.subject)}</mj-title>
<mj-preview>${escapeHtml(spec.content.preheader)}</mj-preview>
<mj-attributes>
<mj-all font-family="Helvetica, Arial, sans-serif" />
<mj-text font-size="16px" line-height="1.5" color="#222222" />
<mj-button background-color="${brand.color}" color="${onColor}" font-size="16px" font-weight="bold" border-radius="4px" inner-padding="12px 20px" />
</mj-attributes>
<mj-style inline="inline">a.button { display: inline-block; padding: 12px 20px; border-radius: 4px; background-color: ${brand.color}; color: ${onColor}; font-weight: bold; text-decoration: none; }</mj-style>
<mj-style>a { color: ${brand.color}; } .footer a { color: ${GREY}; } img { max-width: 100%; height: auto; }</mj-style>
</mj-head>
<mj-body width="600px" background-color="#f4f4f4">
<mj-section background-color="#ffffff" border-top="4px solid ${brand.color}" padding="16px">
<mj-column><mj-image src="${escapeHtml(brand.logoUrl)}" alt="${escapeHtml(brand.name)}" href="{{websiteUrl}}" width="160px" align="left" padding="0" /></mj-column>
</mj-section>
${text(before)}
${productSection(spec)}
${text(after)}
<mj-section padding="16px"><mj-column><mj-text font-size="12px" line-height="1.5" color="${GREY}" css-class="footer">
${footerHtml(spec)}
</mj-text></mj-column></mj-section>
</mj-body>
</mjml>`;
}

function productSection(spec: LayoutSpec): string {
  if (spec.products.length === 0) return "";
  const copy = productCopy[spec.language];
  const columns = spec.products.map((hasImage, i) => {
    const n = i + 1;
    const image = hasImage
      ? `<mj-image src="{{product${n}Image}}" alt="{{product${n}Title}}" href="{{product${n}Url}}" padding="8px" />`
      : "";
    return `<mj-column>${image}
<mj-text align="center" padding="4px 8px"><strong>{{product${n}Title}}</strong><br>{{product${n}Price}}</mj-text>
<mj-button href="{{product${n}Url}}" title="${escapeHtml(copy.view)}: {{product${n}Title}}" padding="8px">${escapeHtml(copy.view)}</mj-button>
</mj-column>`;
  });
  return `<mj-section background-color="#ffffff" padding="8px 8px 16px">${columns.join("\n")}</mj-section>`;
}

function footerHtml(spec: LayoutSpec): string {
  const copy = footerCopy[spec.language];
  const name = escapeHtml(spec.brand.name);
  const lines = [
    escapeHtml(copy.reason[spec.reason]).replace("%s", name),
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
    copy.reason[spec.reason].replace("%s", spec.brand.name),
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

/** Black or white text on a button of the brand colour, whichever contrasts more (WCAG luminance). */
export function readableOn(hex: string): "#000000" | "#ffffff" {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  return (luminance + 0.05) / 0.05 > 1.05 / (luminance + 0.05) ? "#000000" : "#ffffff";
}
