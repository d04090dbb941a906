import type { ProfileView } from "../domain/profile-view";
import { pickLocale, renderTemplate, type TemplateVars } from "../email/templates";
import type { Campaign } from "./definition";
import { crossSellFor } from "./playbook/config";
import { categoriesOf } from "./products";

/** The variables a template may use; a definition that uses another fails validation. */
export const TEMPLATE_VARIABLES = [
  "firstName",
  "lastName",
  "orderId",
  "orderCount",
  "checkoutUrl",
  "cartTotal",
  "couponCode",
  "categories",
  "recommendedCategory",
  "unsubscribeUrl",
  "surveyUrl",
  "confirmUrl",
  "referralCode",
  "crossSellCategory",
  "repeatCategory",
  /** The brand's name and its website (UTM-tagged), from the deployment config. */
  "brandName",
  "websiteUrl",
  /** Not a value: marks where the product block goes (shared/email/layout.ts). */
  "products",
] as const;

export const DEFAULT_LOCALE = "de";

function money(value: unknown): string | undefined {
  const m = value as { amount?: string; currency?: string } | undefined;
  return m?.amount && m.currency ? `${m.amount} ${m.currency}` : undefined;
}

/** Template variables from the profile at send time and the trigger event's data. */
export function templateVars(
  profile: ProfileView,
  trigger: { data: Record<string, unknown> },
  extra: TemplateVars,
): TemplateVars {
  const d = trigger.data;
  const coupons = Array.isArray(d.coupons) ? (d.coupons as string[]) : [];
  return {
    firstName: profile.firstName ?? undefined,
    lastName: profile.lastName ?? undefined,
    orderId: typeof d.orderId === "string" ? d.orderId : undefined,
    orderCount: profile.orderCount,
    checkoutUrl: typeof d.url === "string" ? d.url : undefined,
    cartTotal: money(d.total),
    couponCode: typeof d.code === "string" ? d.code : coupons[0],
    categories: profile.categories.join(", ") || undefined,
    recommendedCategory: profile.categories[0],
    crossSellCategory: crossSellFor(categoriesOf(d.items)),
    repeatCategory: profile.repeatCategory ?? undefined,
    ...extra,
  };
}

/** The campaign's own template for a customer's locale (its content, without the layout). */
export function templateFor(campaign: Campaign, locale: string | null) {
  const chosen = pickLocale(Object.keys(campaign.templates), locale, DEFAULT_LOCALE);
  const template = campaign.templates[chosen] ?? campaign.templates[DEFAULT_LOCALE];
  if (!template) throw new Error(`campaign ${campaign.id} has no template for ${chosen}`);
  return { locale: chosen, template };
}

/** The campaign's content alone, rendered (the mail as sent is ./compose.ts). */
export function renderCampaign(campaign: Campaign, locale: string | null, vars: TemplateVars) {
  const { locale: chosen, template } = templateFor(campaign, locale);
  return { locale: chosen, ...renderTemplate(template, vars) };
}
