import { describe, expect, it } from "vitest";
import { requireSecret } from "./secrets";

const none = async () => undefined;

describe("requireSecret", () => {
  it("uses the resolved value wherever it runs", async () => {
    expect(
      await requireSecret("EVENTS_API_SECRET", { AWS_LAMBDA_FUNCTION_NAME: "f" }, async () => "s3cret"),
    ).toBe("s3cret");
  });

  it("falls back to the local default only off Lambda", async () => {
    expect(await requireSecret("EVENTS_API_SECRET", {}, none)).toBe("local-events-secret");
  });

  it("stops a Lambda cold start instead of using the public local default", async () => {
    await expect(requireSecret("EVENTS_API_SECRET", { AWS_LAMBDA_FUNCTION_NAME: "f" }, none)).rejects.toThrow(
      /neither EVENTS_API_SECRET nor EVENTS_API_SECRET_ARN/,
    );
  });
});
