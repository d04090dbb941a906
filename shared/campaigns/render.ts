import type { ProfileView } from "../domain/profile-view";
import { pickLocale, renderTemplate, type TemplateVars } from "../email/templates";
import type { Campaign } from "./definition";
import { crossSellFor } from "./playbook/config";
import { fillProductBlock } from "./product-block";
import type { ProductCard } from "./product-card";
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

/** `products`: the block's products as found at send time (none: the template's text without it). */
export function renderCampaign(
  campaign: Campaign,
  locale: string | null,
  vars: TemplateVars,
  products: readonly ProductCard[] = [],
) {
  const chosen = pickLocale(Object.keys(campaign.templates), locale, DEFAULT_LOCALE);
  const template = campaign.templates[chosen] ?? campaign.templates[DEFAULT_LOCALE];
  if (!template) throw new Error(`campaign ${campaign.id} has no template for ${chosen}`);
  return { locale: chosen, ...fillProductBlock(renderTemplate(template, vars), products, locale ?? chosen) };
}
