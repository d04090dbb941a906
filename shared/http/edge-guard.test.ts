import { describe, expect, it } from "vitest";
import { guardEdge, jsonDepth, MAX_JSON_DEPTH, parseBoundedJson, safeDecode } from "./edge-guard";
import { MAX_BODY_BYTES } from "./routes";

const empty = Buffer.alloc(0);
const bodyOf = (r: ReturnType<typeof guardEdge>) => JSON.parse(String(r?.body));

describe("the edge guard", () => {
  it("measures nesting without recursion, ignoring brackets inside strings", () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{{{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[[["')).toBe(0);
    // 100,000 levels: counted in one pass, stopped just past the bound.
    expect(jsonDepth("[".repeat(100_000))).toBe(MAX_JSON_DEPTH + 1);
  });

  it("parses JSON at the depth bound and refuses one level more, naming the nesting", () => {
    const nested = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
    expect(parseBoundedJson(nested(MAX_JSON_DEPTH)).ok).toBe(true);
    const refused = parseBoundedJson(nested(MAX_JSON_DEPTH + 1));
    expect(refused).toMatchObject({ ok: false, issue: { path: "(body)" } });
    expect(refused.ok || refused.error).toContain(`nested deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it("decodes percent-encoding without throwing", () => {
    expect(safeDecode("a%20b")).toBe("a b");
    expect(safeDecode("%")).toBeUndefined();
    expect(safeDecode("%E0%A4%A")).toBeUndefined();
  });

  it("answers each broken bound with its 4xx and lets a sound request pass", () => {
    expect(
      guardEdge({ rawPath: "/admin/customers/c-1", pathParameters: { customerId: "c-1" }, body: empty }),
    ).toBe(undefined);
    expect(guardEdge({ body: Buffer.alloc(MAX_BODY_BYTES + 1) })?.statusCode).toBe(413);
    const badPath = guardEdge({ rawPath: "/webhooks/%E0%A4%A", body: empty });
    expect([badPath?.statusCode, bodyOf(badPath).issues[0].path]).toEqual([400, "(path)"]);
    const longId = guardEdge({ pathParameters: { customerId: "x".repeat(3000) }, body: empty });
    expect([longId?.statusCode, bodyOf(longId).issues[0].path]).toEqual([400, "customerId"]);
    const longQuery = guardEdge({ queryStringParameters: { email: "x".repeat(5000) }, body: empty });
    expect(bodyOf(longQuery).issues[0].path).toBe("query.email");
    const deep = guardEdge({ body: Buffer.from("[".repeat(40)) });
    expect(bodyOf(deep).error).toContain("nested deeper");
  });
});
