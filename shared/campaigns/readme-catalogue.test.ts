import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadCampaigns } from "./catalog";
import { catalogueMarkdown } from "./describe";

describe("the README's campaign catalogue", () => {
  it("is the one generated from the definitions (npm run cli -- campaigns --update-readme)", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const block = /<!-- campaigns:start -->\n([\s\S]*?)\n<!-- campaigns:end -->/.exec(readme)?.[1];
    expect(block).toBe(catalogueMarkdown(loadCampaigns()));
  });
});
