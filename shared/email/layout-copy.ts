/** The layout's own words (footer, product button) in the languages the playbook is written in. */
export type LayoutLanguage = "de" | "en";

export function layoutLanguage(locale: string): LayoutLanguage {
  return locale.toLowerCase().startsWith("de") ? "de" : "en";
}

export const footerCopy: Record<
  LayoutLanguage,
  { reason: Record<"order" | "customer" | "consent", string>; unsubscribe: string; unsubscribeText: string }
> = {
  de: {
    reason: {
      order: "Sie erhalten diese E-Mail wegen Ihrer Bestellung oder Anfrage bei %s.",
      customer: "Sie erhalten diese E-Mail als Kundin oder Kunde von %s.",
      consent: "Sie erhalten diese E-Mail, weil Sie zugestimmt haben, von %s zu hören.",
    },
    unsubscribe: "Mit einem Klick abmelden",
    unsubscribeText: "Abmelden",
  },
  en: {
    reason: {
      order: "You receive this email because of your order or request at %s.",
      customer: "You receive this email as a customer of %s.",
      consent: "You receive this email because you agreed to hear from %s.",
    },
    unsubscribe: "Unsubscribe with one click",
    unsubscribeText: "Unsubscribe",
  },
};

export const productCopy: Record<LayoutLanguage, { view: string }> = {
  de: { view: "Ansehen" },
  en: { view: "View" },
};
