import type { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import { createSecretResolver, type SecretsClient } from "./secrets";

const ARN = "arn:aws:secretsmanager:eu-central-1:111111111111:secret:stammkunde/EVENTS_API_SECRET-AbCdEf";

/** A Secrets Manager stand-in that records what was asked and answers from a script. */
function fakeClient(answers: Array<() => Promise<{ SecretString?: string }>>) {
  const requested: string[] = [];
  let built = 0;
  const client: SecretsClient = {
    send: (async (command: GetSecretValueCommand) => {
      requested.push(command.input.SecretId ?? "");
      const next = answers.shift();
      if (!next) throw new Error("no scripted answer left");
      return next();
    }) as SecretsClient["send"],
  };
  const makeClient = () => {
    built++;
    return client;
  };
  return { makeClient, requested, builds: () => built };
}

describe("resolveSecret", () => {
  it("uses the value from the environment when the variable itself is set", async () => {
    const fake = fakeClient([]);
    const resolve = createSecretResolver(fake.makeClient);

    const value = await resolve("EVENTS_API_SECRET", {
      EVENTS_API_SECRET: "local-value",
      EVENTS_API_SECRET_ARN: ARN,
    });

    expect(value).toBe("local-value");
    expect(fake.builds()).toBe(0);
  });

  it("fetches by the _ARN variable and asks Secrets Manager only once per container", async () => {
    const fake = fakeClient([async () => ({ SecretString: "from-aws" })]);
    const resolve = createSecretResolver(fake.makeClient);
    const env = { EVENTS_API_SECRET_ARN: ARN };

    const values = await Promise.all([
      resolve("EVENTS_API_SECRET", env),
      resolve("EVENTS_API_SECRET", env),
      resolve("EVENTS_API_SECRET", env),
    ]);
    const later = await resolve("EVENTS_API_SECRET", env);

    expect(values).toEqual(["from-aws", "from-aws", "from-aws"]);
    expect(later).toBe("from-aws");
    expect(fake.requested).toEqual([ARN]);
  });

  it("answers undefined when neither the variable nor its _ARN is set", async () => {
    const fake = fakeClient([]);
    const resolve = createSecretResolver(fake.makeClient);

    expect(await resolve("SHOPIFY_WEBHOOK_SECRET", {})).toBeUndefined();
    expect(fake.builds()).toBe(0);
  });

  it("retries on the next call after a failed fetch instead of caching the failure", async () => {
    const fake = fakeClient([
      async () => {
        throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
      },
      async () => ({ SecretString: "second-try" }),
    ]);
    const resolve = createSecretResolver(fake.makeClient);
    const env = { EVENTS_API_SECRET_ARN: ARN };

    await expect(resolve("EVENTS_API_SECRET", env)).rejects.toThrow("throttled");
    const value = await resolve("EVENTS_API_SECRET", env);

    expect(value).toBe("second-try");
    expect(fake.requested).toEqual([ARN, ARN]);
  });

  it("names the variable, not the value, when the secret holds no string", async () => {
    const fake = fakeClient([async () => ({})]);
    const resolve = createSecretResolver(fake.makeClient);

    await expect(resolve("EVENTS_API_SECRET", { EVENTS_API_SECRET_ARN: ARN })).rejects.toThrow(
      "secret EVENTS_API_SECRET_ARN holds no string value",
    );
  });
});
