import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/corpus";
import { type LocalStack, stackEnv, startStack } from "../support/local-stack";
import type { StoredEmail } from "../support/ses-store";

// The README's quickstart, word for word, against `npm start` as a new user runs it.
const README = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
const block = README.match(/<!-- quickstart:start -->\n```sh\n([\s\S]*?)```\n<!-- quickstart:end -->/)?.[1];

const cwd = mkdtempSync(join(tmpdir(), "quickstart-"));
let stack: LocalStack;
let env: Record<string, string>;
beforeAll(async () => {
  env = await stackEnv();
  stack = await startStack({ cwd, env });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(cwd, { recursive: true, force: true });
});

describe("the README's quickstart", () => {
  it("puts the double opt-in mail for its sign-up in the SES store and shows the profile", async () => {
    expect(block, "README.md has a ```sh block between the quickstart markers").toBeDefined();
    const run = spawnSync("bash", ["-euo", "pipefail", "-c", block as string], {
      env: { ...process.env, ...env },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.slice(0, 2)).toEqual(['{"accepted":1}', '{"accepted":1}']);
    expect(lines[2]).toBe(`mail sent: open ${stack.sesUrl} to read it`);
    const profile = JSON.parse(lines[3] as string);
    expect(profile).toMatchObject({
      customerId: "c-42",
      email: "anna@example.com",
      consent: { email: { marketing: "pending" } },
    });

    const { emails } = (await (await fetch(`${stack.sesUrl}/store`)).json()) as { emails: StoredEmail[] };
    const toAnna = emails.filter((e) => e.destination.to.some((to) => to.includes("anna@example.com")));
    expect(toAnna).toHaveLength(1);
    expect(toAnna[0]?.body.html).toContain("/confirm?token=");
  }, 90_000);
});
