import { RemovalPolicy, Validations } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { LOCAL_DEFAULTS } from "../../shared/runtime/config";

/**
 * The secrets kept in Secrets Manager in AWS. Their names are the env names the functions read
 * locally (shared/runtime/config.ts), so `resolveSecret(name)` finds `<name>_ARN` in AWS and the
 * plain value on a laptop. ADMIN_TOKEN is absent on purpose: admin routes use IAM in AWS.
 * TOKEN_SIGNING_KEY and SUPPRESSION_SALT are used only inside AWS; their generated values stay.
 */
export const SECRET_NAMES = [
  "EVENTS_API_SECRET",
  "SHOPIFY_WEBHOOK_SECRET",
  "WOOCOMMERCE_WEBHOOK_SECRET",
  "SHOPWARE_SHOP_SECRET",
  "TOKEN_SIGNING_KEY",
  "SUPPRESSION_SALT",
] as const satisfies ReadonlyArray<keyof typeof LOCAL_DEFAULTS>;

export type SecretName = (typeof SECRET_NAMES)[number];

const DESCRIPTIONS: Record<SecretName, string> = {
  EVENTS_API_SECRET: "HMAC key for X-Signature on POST /events; generated, hand it to the event senders",
  SHOPIFY_WEBHOOK_SECRET: "Shopify app's webhook signing secret; replace the generated placeholder",
  WOOCOMMERCE_WEBHOOK_SECRET: "WooCommerce webhook secret; replace the generated placeholder",
  SHOPWARE_SHOP_SECRET: "Shopware app shop secret; replace the generated placeholder",
  TOKEN_SIGNING_KEY:
    "Signs the links in emails (unsubscribe, survey, confirm); generated. Rotating it breaks every link already sent",
  SUPPRESSION_SALT:
    "Keys the suppression list's address hashes; generated. Rotating it empties the suppression list",
};

const SHARED_WITH_OUTSIDE =
  "These are shared secrets whose other half lives outside AWS (the shop platform or the " +
  "event sender verifies with the same value), so a rotation Lambda cannot change them " +
  "alone; they are rotated by hand, together with the shop or sender.";

/** Why each secret has no automatic rotation (cdk-nag AwsSolutions-SMG4). */
const NO_ROTATION: Record<SecretName, string> = {
  EVENTS_API_SECRET: SHARED_WITH_OUTSIDE,
  SHOPIFY_WEBHOOK_SECRET: SHARED_WITH_OUTSIDE,
  WOOCOMMERCE_WEBHOOK_SECRET: SHARED_WITH_OUTSIDE,
  SHOPWARE_SHOP_SECRET: SHARED_WITH_OUTSIDE,
  TOKEN_SIGNING_KEY:
    "Signs the unsubscribe, survey and confirmation links already sitting in recipients' " +
    "mailboxes (unsubscribe links stay valid for two years); a new key makes every one of them " +
    "invalid, so an unsubscribe link would stop working. Rotated by hand only, after a leak, " +
    "accepting that links sent before then break.",
  SUPPRESSION_SALT:
    "Keys the HMAC under which bounced, complained and erased addresses are stored; a new salt " +
    "matches none of the stored hashes, which empties the suppression list and lets those " +
    "addresses be mailed again. It must never rotate automatically; a manual rotation needs the " +
    "list rebuilt first.",
};

/**
 * Kept when the stack is deleted, like the table whose suppression items it keys: without the
 * salt the retained list could never be matched again.
 */
const RETAINED: ReadonlySet<SecretName> = new Set(["SUPPRESSION_SALT"]);

export class StammkundeSecrets extends Construct {
  private readonly secrets = new Map<SecretName, Secret>();

  constructor(scope: Construct, id: string) {
    super(scope, id);
    for (const name of SECRET_NAMES) {
      const secret = new Secret(this, name, {
        // A stable name so an operator can `put-secret-value --secret-id stammkunde/<NAME>`.
        secretName: `stammkunde/${name}`,
        description: DESCRIPTIONS[name],
        // Alphanumeric only: the value is pasted into shop admin forms and HTTP tooling.
        generateSecretString: { passwordLength: 64, excludePunctuation: true },
        removalPolicy: RETAINED.has(name) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      });
      Validations.of(secret).acknowledge({ id: "AwsSolutions-SMG4", reason: NO_ROTATION[name] });
      this.secrets.set(name, secret);
    }
  }

  /** Read access to exactly the named secrets, and the `<NAME>_ARN` env entries pointing at them. */
  grantTo(grantee: IGrantable, names: readonly SecretName[]): Record<string, string> {
    const env: Record<string, string> = {};
    for (const name of names) {
      const secret = this.secrets.get(name)!;
      secret.grantRead(grantee);
      env[`${name}_ARN`] = secret.secretArn;
    }
    return env;
  }
}
