import { afterEach, describe, expect, it, vi } from "vitest";
import { runRedrive } from "./redrive";

afterEach(() => vi.unstubAllEnvs());

describe("redrive without AWS access", () => {
  it("says what it needs instead of the SDK's error", async () => {
    // given a shell with no AWS configuration at all
    for (const name of ["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"])
      vi.stubEnv(name, undefined);
    vi.stubEnv("AWS_REGION", "eu-central-1");
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/config");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    const out: string[] = [];
    // when
    const code = await runRedrive(["--queue", "Stammkunde-dlq"], { out: (l) => out.push(l) });
    // then
    expect(code).toBe(2);
    expect(out.join("\n")).toMatch(
      /^redrive works on the deployed stack in AWS and found no credentials: set AWS_PROFILE .* and AWS_REGION/,
    );
  });

  it("names a missing region too", async () => {
    vi.stubEnv("AWS_REGION", undefined);
    vi.stubEnv("AWS_DEFAULT_REGION", undefined);
    vi.stubEnv("AWS_CONFIG_FILE", "/nonexistent/config");
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret");
    const out: string[] = [];
    expect(await runRedrive(["--queue", "Stammkunde-dlq"], { out: (l) => out.push(l) })).toBe(2);
    expect(out.join("\n")).toMatch(/found no region/);
  });
});
