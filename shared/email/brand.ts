import { z } from "zod";
import { PLAIN_ADDRESS, withoutControls } from "./address";

/**
 * Who a mail comes from, as the reader sees it: name, logo, colour and the imprint (German law
 * expects the sender's legal details in commercial mail). One per deployment, overridable per
 * shop. Brand text goes into the layout as literal text, so template braces are refused here:
 * they would otherwise read as placeholders.
 */
const noBraces = (s: string) => !s.includes("{{") && !s.includes("}}");
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(noBraces, "must not contain {{ or }}")
    .refine((s) => withoutControls(s) === s, "must be one line without control characters");
const WebUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

export const Brand = z
  .object({
    /** The shop's name as customers know it: signs the mail, alt text of the logo. */
    name: Text(100),
    /** The From line's display name: `"<senderName>" <sender>`. */
    senderName: Text(100),
    replyTo: z.string().regex(PLAIN_ADDRESS, "must be a plain email address such as hello@your-shop.example"),
    logoUrl: WebUrl,
    /** Buttons and the header rule; a 6-digit hex colour. */
    color: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a hex colour such as "#7b3f00"'),
    websiteUrl: WebUrl,
    /** The legal lines of the footer, one per line: company, address, register, VAT id... */
    imprint: z.array(Text(200)).min(1).max(12),
  })
  .strict();
export type Brand = z.infer<typeof Brand>;

const Token = (example: string) =>
  z.string().regex(/^[A-Za-z0-9._-]{1,60}$/, `must be a short token such as ${example}`);

/** A shop's own UTM fields, over the deployment's (no defaults: an absent field is inherited). */
export const UtmOverride = z
  .object({ enabled: z.boolean(), source: Token("stammkunde"), medium: Token("email") })
  .partial()
  .strict();

/** Tagged links to the shop (`utm_source`, `utm_medium`; `utm_campaign` is the campaign id). */
export const Utm = z
  .object({
    enabled: z.boolean().default(true),
    source: Token("stammkunde").default("stammkunde"),
    medium: Token("email").default("email"),
  })
  .strict();
export type Utm = z.infer<typeof Utm>;

/** What the functions get: the deployment's brand and UTM settings and each shop's overrides. */
export const MailSettings = z.object({
  brand: Brand,
  utm: Utm.prefault({}),
  shops: z
    .record(z.string(), z.object({ brand: Brand.partial().optional(), utm: UtmOverride.optional() }))
    .default({}),
});
export type MailSettings = z.infer<typeof MailSettings>;

/** The local host's brand when no configuration names one: an example shop, plainly so. */
export const EXAMPLE_BRAND: Brand = {
  name: "Example Shop",
  senderName: "Example Shop",
  replyTo: "hello@example.com",
  logoUrl: "https://example.com/logo.png",
  color: "#1f5f8b",
  websiteUrl: "https://example.com/",
  imprint: ["Example Shop GmbH", "Example Street 1, 10115 Berlin", "This is the local example brand."],
};

export const EXAMPLE_SETTINGS: MailSettings = MailSettings.parse({ brand: EXAMPLE_BRAND });

/** The brand and UTM settings a shop's mail uses: the deployment's, with the shop's fields over them. */
export function mailSettingsFor(settings: MailSettings, shop: string): { brand: Brand; utm: Utm } {
  const own = Object.hasOwn(settings.shops, shop) ? settings.shops[shop] : undefined;
  return { brand: { ...settings.brand, ...own?.brand }, utm: { ...settings.utm, ...own?.utm } };
}

/**
 * MAIL_SETTINGS as the functions read it: the JSON the stack writes (infra/cloud/config-mail.ts);
 * unset, the example shop. A wrong value stops the cold start with the field named.
 */
export const MailSettingsEnv = z
  .string()
  .optional()
  .transform((text, ctx): MailSettings => {
    if (text === undefined || text.trim() === "") return EXAMPLE_SETTINGS;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be JSON" });
      return z.NEVER;
    }
    const parsed = MailSettings.safeParse(json);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues)
      ctx.addIssue({ code: "custom", message: `${issue.path.join(".")}: ${issue.message}` });
    return z.NEVER;
  });
