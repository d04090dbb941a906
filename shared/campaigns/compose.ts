import type { Brand, Utm } from "../email/brand";
import { type LayoutSpec, layoutHtml, layoutText } from "../email/layout";
import { layoutLanguage } from "../email/layout-copy";
import { productShape, productVars } from "../email/product-block";
import { renderTemplate, type TemplateVars } from "../email/templates";
import { tagLink } from "../email/utm";
import type { Campaign } from "./definition";
import type { ProductCard } from "./product-card";
import { templateFor } from "./render";

export interface MailContext {
  brand: Brand;
  utm: Utm;
  /** The customer's locale tag as the profile has it ("de-AT"), for `lang` and price formats. */
  customerLocale: string | null;
  /** Chosen at send time by the catalog; up to three are shown. */
  products?: readonly ProductCard[];
}

export interface ComposedMail {
  locale: string;
  subject: string;
  /** The whole HTML document, exactly as SES gets it. */
  html: string;
  text: string;
}

/**
 * The mail as it is sent: the campaign's content and the brand filled into the layout MJML
 * compiled at build time (shared/email/layout.ts), then one substitution pass over subject, HTML
 * and text. Links to the shop (checkout, products, website) get the UTM parameters; our own links
 * do not.
 */
export async function composeMail(
  campaign: Campaign,
  vars: TemplateVars,
  ctx: MailContext,
): Promise<ComposedMail> {
  const { locale, template } = templateFor(campaign, ctx.customerLocale);
  const lang = langOf(locale, ctx.customerLocale);
  const products = ctx.products ?? [];
  const spec: LayoutSpec = {
    lang,
    language: layoutLanguage(locale),
    brand: ctx.brand,
    unsubscribe: campaign.priority !== "transactional",
    reason: REASONS[campaign.priority],
    content: { ...template, preheader: template.preheader ?? "" },
    products: productShape(products),
  };
  const html = layoutHtml(spec);
  const tag = (url: string) => tagLink(url, ctx.utm, campaign.id);
  const checkoutUrl = vars.checkoutUrl;
  const all: TemplateVars = {
    ...vars,
    ...(typeof checkoutUrl === "string" ? { checkoutUrl: tag(checkoutUrl) } : {}),
    brandName: ctx.brand.name,
    websiteUrl: tag(ctx.brand.websiteUrl),
    ...productVars(products, lang, tag),
  };
  return { locale, ...renderTemplate({ subject: template.subject, html, text: layoutText(spec) }, all) };
}

const REASONS: Record<Campaign["priority"], LayoutSpec["reason"]> = {
  transactional: "order",
  service: "customer",
  lifecycle: "consent",
  promotional: "consent",
};

/** The customer's own tag when it is of the template's language ("de-AT" for "de"), else the template's. */
function langOf(templateLocale: string, customerLocale: string | null): string {
  const tag = customerLocale?.trim().replaceAll("_", "-");
  if (!tag || !/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(tag)) return templateLocale;
  return tag.split("-")[0]?.toLowerCase() === templateLocale.toLowerCase() ? tag : templateLocale;
}
