import { Validations } from "aws-cdk-lib";
import type { IGrantable } from "aws-cdk-lib/aws-iam";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import type { LOCAL_DEFAULTS } from "../../shared/runtime/config";

/**
 * The secrets kept in Secrets Manager in AWS. Their names are the env names the functions read
 * locally (shared/runtime/config.ts), so `resolveSecret(name)` finds `<name>_ARN` in AWS and the
 * plain value on a laptop. ADMIN_TOKEN is absent on purpose: admin routes use IAM in AWS.
 */
export const SECRET_NAMES = [
  "EVENTS_API_SECRET",
  "SHOPIFY_WEBHOOK_SECRET",
  "WOOCOMMERCE_WEBHOOK_SECRET",
  "SHOPWARE_SHOP_SECRET",
] as const satisfies ReadonlyArray<keyof typeof LOCAL_DEFAULTS>;

export type SecretName = (typeof SECRET_NAMES)[number];

const DESCRIPTIONS: Record<SecretName, string> = {
  EVENTS_API_SECRET: "HMAC key for X-Signature on POST /events; generated, hand it to the event senders",
  SHOPIFY_WEBHOOK_SECRET: "Shopify app's webhook signing secret; replace the generated placeholder",
  WOOCOMMERCE_WEBHOOK_SECRET: "WooCommerce webhook secret; replace the generated placeholder",
  SHOPWARE_SHOP_SECRET: "Shopware app shop secret; replace the generated placeholder",
};

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
      });
      Validations.of(secret).acknowledge({
        id: "AwsSolutions-SMG4",
        reason:
          "These are shared secrets whose other half lives outside AWS (the shop platform or the " +
          "event sender verifies with the same value), so a rotation Lambda cannot change them " +
          "alone; they are rotated by hand, together with the shop or sender.",
      });
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
