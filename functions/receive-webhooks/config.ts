import { z } from "zod";
import type { Platform } from "../../shared/connectors/index";
import { CurrencyCode } from "../../shared/events/primitives";
import { BusConfig, LOCAL_DEFAULTS, TableConfig } from "../../shared/runtime/config";

/** Each platform's default signing secret, by its env name (docs/contract.md). */
export const PLATFORM_SECRET = {
  shopify: "SHOPIFY_WEBHOOK_SECRET",
  woocommerce: "WOOCOMMERCE_WEBHOOK_SECRET",
  shopware: "SHOPWARE_SHOP_SECRET",
} as const satisfies Record<Platform, keyof typeof LOCAL_DEFAULTS>;

export type PlatformSecretName = (typeof PLATFORM_SECRET)[Platform];

/**
 * `SHOP_SECRETS`: optional JSON `{"<platform>:<shop identity>": "<secret>"}`, for platforms whose
 * secret is per shop (a WooCommerce webhook's secret, a Shopware shop secret). A Shopify app's one
 * secret signs the webhooks of every shop that installed it, so Shopify rarely needs an entry.
 */
const shopMap = (example: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx): Record<string, string> => {
      if (!text?.trim()) return {};
      try {
        const parsed = z
          .record(z.string().regex(/^(shopify|woocommerce|shopware):.+$/), z.string().min(1))
          .safeParse(JSON.parse(text));
        if (parsed.success) return parsed.data;
      } catch {
        // Reported below; the value may be a secret, so the message never quotes it.
      }
      ctx.addIssue({
        code: "custom",
        message: `must be JSON like {"woocommerce:my-shop.example": "${example}"}`,
      });
      return z.NEVER;
    });
const ShopSecrets = shopMap("<secret>");

export const ReceiveWebhooksConfig = BusConfig.extend(TableConfig.shape).extend({
  SHOP_SECRETS: ShopSecrets,
  /**
   * In AWS: the Secrets Manager secret of each shop that has its own (the deployment
   * configuration's `shops`), by `<platform>:<shop>`; fetched once per container.
   */
  SHOP_SECRET_IDS: shopMap("<secret name>"),
  /** The currency of the shops' product prices (Shopify's and WooCommerce's product payloads name none). */
  CATALOG_CURRENCY: CurrencyCode.optional(),
});
export type ReceiveWebhooksConfig = z.infer<typeof ReceiveWebhooksConfig>;

export type SecretFor = (platform: Platform, shop: string) => Promise<string | undefined>;

/**
 * A shop's own secret from SHOP_SECRETS (or SHOP_SECRET_IDS), else its platform's secret. A secret
 * verifies only the shops it was issued for: once a platform has any per-shop secret configured, a
 * shop of that platform that is not listed has no secret (401), instead of falling back to the
 * platform's default, whose holder could otherwise act (and erase) for any shop. With none
 * configured, every shop of the platform is served with the platform's secret (one shop, or a
 * Shopify app's one secret for every shop that installed it). `platformSecret` resolves an env
 * name: in AWS from Secrets Manager (`<NAME>_ARN`, shared/runtime/secrets.ts) with no fallback, so
 * a deployment never accepts the publicly known local defaults; locally see `localSecretFor`.
 */
export function createSecretFor(
  shopSecrets: Readonly<Record<string, string>>,
  platformSecret: (name: PlatformSecretName) => Promise<string | undefined>,
  shopSecret?: {
    ids: Readonly<Record<string, string>>;
    fetch: (secretId: string) => Promise<string | undefined>;
  },
): SecretFor {
  const perShop = new Set(
    [...Object.keys(shopSecrets), ...Object.keys(shopSecret?.ids ?? {})].map((k) =>
      k.slice(0, k.indexOf(":")),
    ),
  );
  return async (platform, shop) => {
    const key = `${platform}:${shop}`;
    if (Object.hasOwn(shopSecrets, key)) return shopSecrets[key];
    const id = shopSecret && Object.hasOwn(shopSecret.ids, key) ? shopSecret.ids[key] : undefined;
    if (id !== undefined && shopSecret) return shopSecret.fetch(id);
    if (perShop.has(platform)) return undefined;
    return platformSecret(PLATFORM_SECRET[platform]);
  };
}

/** The local host: as in AWS, with the platforms' secrets defaulting to LOCAL_DEFAULTS. */
export function localSecretFor(env: Readonly<Record<string, string | undefined>>): SecretFor {
  const shopSecrets = ShopSecrets.parse(env.SHOP_SECRETS);
  return createSecretFor(shopSecrets, async (name) => env[name] || LOCAL_DEFAULTS[name]);
}
