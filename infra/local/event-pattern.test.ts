import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { matchesPattern, validatePattern } from "./event-pattern";

/**
 * LocalStack's EventBridge pattern cases, each recorded against real AWS: `expected` is true (matches),
 * false (does not match) or "InvalidEventPatternException" (PutRule/TestEventPattern rejects the pattern).
 */
type FixtureCase = {
  name: string;
  expected: boolean | "InvalidEventPatternException";
  pattern: Record<string, unknown>;
  event: Record<string, unknown>;
  aws_error_message?: string;
};

const fixture = new URL(
  "../../test/fixtures/eventbridge-patterns/localstack-eventbridge-pattern-cases.flattened.json",
  import.meta.url,
);
const cases = JSON.parse(readFileSync(fixture, "utf8")) as FixtureCase[];
const invalid = cases.filter((c) => c.expected === "InvalidEventPatternException");
const matching = cases.filter((c) => c.expected === true);
const notMatching = cases.filter((c) => c.expected === false);

describe("validatePattern", () => {
  it("loads every recorded case", () => {
    expect(invalid.length + matching.length + notMatching.length).toBe(cases.length);
    expect(cases.length).toBeGreaterThan(100);
  });

  it.each(invalid)("rejects $name", ({ pattern, aws_error_message }) => {
    const error = validatePattern(pattern);

    // AWS's reason, word for word: the local host should fail the way a deploy would.
    expect(error).toBe(aws_error_message);
  });

  it("rejects wildcards on one field that AWS finds too complex, accepts simpler ones", () => {
    const field = (...wildcards: string[]) => ({ key: wildcards.map((wildcard) => ({ wildcard })) });

    expect(validatePattern(field("*.bif", "*.tif", "*.tiff", "*.svs"))).toBeUndefined();
    expect(validatePattern(field("*/datasync/*.bif", "*/datasync/*.tif"))).toBeUndefined();
    expect(
      validatePattern(field("*/datasync/*.bif", "*/datasync/*.tif", "*/datasync/*.tiff", "*/datasync/*.svs")),
    ).toMatch(/Rule is too complex/);
  });

  it.each([...matching, ...notMatching])("accepts the pattern of $name", ({ pattern }) => {
    expect(validatePattern(pattern)).toBeUndefined();
  });
});

describe("matchesPattern", () => {
  it.each(matching)("matches $name", ({ pattern, event }) => {
    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it.each(notMatching)("does not match $name", ({ pattern, event }) => {
    expect(matchesPattern(pattern, event)).toBe(false);
  });

  it("requires fields inside objects of one array to come from the same element", () => {
    const event = {
      employees: [
        { firstName: "Anna", lastName: "Smith" },
        { firstName: "Peter", lastName: "Jones" },
      ],
    };

    expect(matchesPattern({ employees: { firstName: ["Anna"], lastName: ["Smith"] } }, event)).toBe(true);
    expect(matchesPattern({ employees: { firstName: ["Anna"], lastName: ["Jones"] } }, event)).toBe(false);
  });

  it("compares IP address literals as addresses, not as text", () => {
    const event = { detail: { ip: "2001:0db8:0000:0000:0000:0000:0000:0001" } };

    expect(matchesPattern({ detail: { ip: ["2001:db8::1"] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { ip: [{ cidr: "2001:db8::/32" }] } }, event)).toBe(true);
  });

  it("throws on an invalid pattern instead of silently dropping events", () => {
    expect(() => matchesPattern({ source: "shop" }, { source: "shop" })).toThrow(
      /must be an object or an array/,
    );
  });
});
