import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { LAMBDA_NODE_MAJOR, nodeMismatch } from "./node-version";

describe("the Node version check", () => {
  it("accepts Lambda's major and names both versions and the way out for any other", () => {
    expect(nodeMismatch(`${LAMBDA_NODE_MAJOR}.1.0`)).toBeUndefined();
    const message = nodeMismatch("20.20.2");
    expect(message).toContain("Node 22 (Lambda's nodejs22.x), this is Node 20.20.2");
    expect(message).toContain("npm ci");
    expect(nodeMismatch("24.0.0")).toContain("this is Node 24.0.0");
  });

  it("runs the tests themselves on the functions' runtime, as npm ci installs it", () => {
    expect(nodeMismatch()).toBeUndefined();
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(pkg.devDependencies.node).toMatch(new RegExp(`^${LAMBDA_NODE_MAJOR}\\.`));
    expect(pkg.engines.node).toBe(`>=${LAMBDA_NODE_MAJOR} <${LAMBDA_NODE_MAJOR + 1}`);
    const stack = readFileSync(new URL("../cloud/house-function.ts", import.meta.url), "utf8");
    expect(stack).toContain(`Runtime.NODEJS_${LAMBDA_NODE_MAJOR}_X`);
  });
});
