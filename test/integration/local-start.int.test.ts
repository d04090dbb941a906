import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signHex } from "../../shared/http/signature";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { customerEvent } from "../support/builders";
import { eventually } from "../support/eventually";
import { type LocalStack, stackEnv, startStack } from "../support/local-stack";

// `npm start` as a user meets it: its own process, its own working directory, stopped with Ctrl-C.
const cwd = mkdtempSync(join(tmpdir(), "npm-start-"));
const running: LocalStack[] = [];
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  rmSync(cwd, { recursive: true, force: true });
});

async function start(env: Record<string, string>, args: string[] = []) {
  const stack = await startStack({ cwd, env, args });
  running.push(stack);
  return stack;
}

const post = (stack: LocalStack, event: unknown) => {
  const raw = JSON.stringify(event);
  return fetch(`${stack.url}/events`, {
    method: "POST",
    headers: { "x-signature": signHex(LOCAL_DEFAULTS.EVENTS_API_SECRET, raw) },
    body: raw,
  });
};
const profile = (stack: LocalStack, id: string) =>
  fetch(`${stack.url}/admin/customers/${id}`, {
    headers: { authorization: `Bearer ${LOCAL_DEFAULTS.ADMIN_TOKEN}` },
  });

describe("npm start", () => {
  it("keeps the data of --persist over Ctrl-C and a restart, and forgets it without", async () => {
    const env = await stackEnv();
    const first = await start(env, ["--persist"]);
    expect(first.output()).toContain(`persisted under ${join(cwd, ".data", "dynamodb")}`);
    const ids = Array.from({ length: 20 }, (_, i) => `persist-${i}`);
    for (const id of ids)
      expect(
        (
          await post(
            first,
            customerEvent("customer.registered", { customer: { id, email: `${id}@example.com` } }),
          )
        ).status,
      ).toBe(202);
    await eventually(async () => {
      for (const id of ids) expect((await profile(first, id)).status).toBe(200);
    }, 60_000);
    expect(await first.stop()).toBe(0);

    const second = await start(env, ["--persist"]);
    const found = await Promise.all(ids.map(async (id) => (await profile(second, id)).status));
    expect(found).toEqual(ids.map(() => 200));
    expect(await second.stop()).toBe(0);

    const inMemory = await start(env);
    expect((await profile(inMemory, ids[0] as string)).status).toBe(404);
    expect(await inMemory.stop()).toBe(0);
  }, 240_000);

  it("refuses a second stack on taken ports with a message naming the variable", async () => {
    const env = await stackEnv();
    const first = await start(env);
    await expect(
      start({ ...(await stackEnv()), DYNAMODB_PORT: env.DYNAMODB_PORT as string }),
    ).rejects.toThrow(`DYNAMODB_PORT=${env.DYNAMODB_PORT} is already in use`);
    await expect(start({ ...(await stackEnv()), SES_PORT: env.SES_PORT as string })).rejects.toThrow(
      `SES_PORT=${env.SES_PORT} is already in use`,
    );
    // The first stack still answers, its data untouched by the attempts.
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    expect(await first.stop()).toBe(0);
  }, 180_000);
});
