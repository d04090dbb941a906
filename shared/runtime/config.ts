import { z } from "zod";

/**
 * Typed configuration from the environment. Each function declares a zod schema of the variables
 * it reads (its config.ts); a missing or malformed variable stops the cold start with a message
 * naming the variable, instead of failing later on the first request.
 */
export function readConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`configuration error: ${problems}`);
  }
  return parsed.data;
}

/** The local defaults of docs/contract.md; in AWS each comes from the stack or Secrets Manager. */
export const LOCAL_DEFAULTS = {
  SHOPIFY_WEBHOOK_SECRET: "local-shopify-secret",
  WOOCOMMERCE_WEBHOOK_SECRET: "local-woocommerce-secret",
  SHOPWARE_SHOP_SECRET: "local-shopware-secret",
  EVENTS_API_SECRET: "local-events-secret",
  ADMIN_TOKEN: "local-admin-token",
  SENDER: "shop@example.com",
  /** Signs unsubscribe, survey and confirmation links. */
  TOKEN_SIGNING_KEY: "local-token-key",
  /** Salts the hashes on the suppression list (rotating it empties the list). */
  SUPPRESSION_SALT: "local-suppression-salt",
} as const;

export const TableConfig = z.object({
  TABLE_NAME: z.string().min(1),
  /** Set only locally (DynamoDB Local); in AWS the SDK finds the regional endpoint. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});

export const BusConfig = z.object({
  EVENT_BUS_NAME: z.string().min(1),
});

/**
 * The key of the links in emails (unsubscribe, confirm, survey), shared by the engine that signs
 * them and the pages that verify them: TOKEN_SIGNING_KEY locally, TOKEN_SIGNING_KEY_ARN (Secrets
 * Manager) in AWS. One of them must be set, checked at cold start.
 */
export function withTokenKey<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  return schema
    .extend({
      TOKEN_SIGNING_KEY: z.string().min(1).optional(),
      TOKEN_SIGNING_KEY_ARN: z.string().min(1).optional(),
    })
    .refine(
      (c) => {
        const key = c as { TOKEN_SIGNING_KEY?: string; TOKEN_SIGNING_KEY_ARN?: string };
        return key.TOKEN_SIGNING_KEY !== undefined || key.TOKEN_SIGNING_KEY_ARN !== undefined;
      },
      {
        path: ["TOKEN_SIGNING_KEY"],
        message: "set TOKEN_SIGNING_KEY (locally) or TOKEN_SIGNING_KEY_ARN (in AWS)",
      },
    );
}
