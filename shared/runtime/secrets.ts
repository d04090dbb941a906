import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { LOCAL_DEFAULTS } from "./config";

/** The one call this module makes; a fake with the same shape stands in for it in tests. */
export type SecretsClient = Pick<SecretsManagerClient, "send">;

export type SecretResolver = (name: string, env?: NodeJS.ProcessEnv) => Promise<string | undefined>;

/**
 * Builds a resolver with its own cache. The client is created on first use only, so a function
 * that never reads a secret (or runs locally with the value in its env) never builds one.
 */
export function createSecretResolver(makeClient: () => SecretsClient): SecretResolver {
  let client: SecretsClient | undefined;
  const cache = new Map<string, Promise<string>>();

  const fetch = async (name: string, secretId: string): Promise<string> => {
    client ??= makeClient();
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    // Name the variable, never the value: the message ends up in logs.
    if (out.SecretString === undefined) throw new Error(`secret ${name}_ARN holds no string value`);
    return out.SecretString;
  };

  return async (name, env = process.env) => {
    const local = env[name];
    if (local) return local;
    const secretId = env[`${name}_ARN`];
    if (!secretId) return undefined;
    let pending = cache.get(secretId);
    if (!pending) {
      // The promise, not the value, is cached: concurrent first callers share one request.
      pending = fetch(name, secretId);
      cache.set(secretId, pending);
      // A failed fetch is forgotten so the next invocation retries instead of failing for the
      // container's whole life.
      pending.catch(() => cache.delete(secretId));
    }
    return pending;
  };
}

/**
 * A secret by its env name: the value itself when `<NAME>` is set (the local host), else fetched
 * from Secrets Manager by `<NAME>_ARN` once per container (AWS), else undefined.
 */
export const resolveSecret: SecretResolver = createSecretResolver(
  () => new SecretsManagerClient({ maxAttempts: 3 }),
);

/**
 * A secret the function cannot work without. In Lambda a missing secret stops the cold start
 * (never fall back to the public local default there); on the local host the default of
 * docs/contract.md applies.
 */
export async function requireSecret(
  name: keyof typeof LOCAL_DEFAULTS,
  env: NodeJS.ProcessEnv = process.env,
  resolve: SecretResolver = resolveSecret,
): Promise<string> {
  const value = await resolve(name, env);
  if (value) return value;
  if (env.AWS_LAMBDA_FUNCTION_NAME)
    throw new Error(`configuration error: neither ${name} nor ${name}_ARN is set`);
  return LOCAL_DEFAULTS[name];
}
