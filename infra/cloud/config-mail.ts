import { z } from "zod";
import { Brand, EXAMPLE_BRAND, type MailSettings, Utm, UtmOverride } from "../../shared/email/brand";

/**
 * The mail half of the deployment config (./config.ts): the brand every mail shows, the UTM
 * switch, and the API's own domain for the links in mails. Kept apart so the engine's settings
 * and these can change without touching each other.
 */

/** Top level: the deployment's brand (absent, the example shop's, as the local host without a config). */
export const brandFields = {
  brand: Brand.default(EXAMPLE_BRAND),
  utm: Utm.prefault({}),
  /**
   * The HTTP API on the shop's own domain (unsubscribe, confirmation and survey links use it):
   * the name and an ACM certificate for it in the stack's region. The DNS record (a CNAME to
   * the output `ApiDomainTarget`) is the owner's to create.
   */
  apiDomain: z
    .object({
      domainName: z
        .string()
        .regex(
          /^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          "must be a lower-case host name such as links.your-shop.example",
        ),
      certificateArn: z
        .string()
        .regex(
          /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/,
          "must be an ACM certificate ARN",
        ),
    })
    .strict()
    .optional(),
};

/** Per entry of `shops`: fields over the deployment's brand and UTM settings. */
export const shopBrandFields = {
  brand: Brand.partial().strict().optional(),
  utm: UtmOverride.optional(),
};

/** Lambda allows 4 KB of environment in all; the brand must leave room for the rest. */
const MAX_MAIL_SETTINGS = 2500;

/** MAIL_SETTINGS for the functions that send: the deployment's brand and each shop's overrides. */
export function mailSettingsEnv(config: {
  brand: Brand;
  utm: Utm;
  shops: readonly { shop: string; brand?: Partial<Brand>; utm?: Partial<Utm> }[];
}): string {
  const shops: MailSettings["shops"] = {};
  for (const s of config.shops)
    if (s.brand || s.utm)
      shops[s.shop] = { ...(s.brand ? { brand: s.brand } : {}), ...(s.utm ? { utm: s.utm } : {}) };
  const json = JSON.stringify({ brand: config.brand, utm: config.utm, shops });
  if (json.length > MAX_MAIL_SETTINGS)
    throw new Error(
      `stammkunde configuration is invalid: brand: the brands take ${json.length} characters, at most ${MAX_MAIL_SETTINGS} fit the functions' environment (shorten imprints or per-shop brands)`,
    );
  return json;
}
