import { describe, expect, it } from "vitest";
import { loadCampaigns } from "./catalog";
import { PLAYBOOK } from "./playbook";

describe("campaign definitions", () => {
  it("loads the playbook", () => {
    expect(loadCampaigns().map((c) => c.id)).toEqual(PLAYBOOK.map((c) => c.id));
  });

  it("names the campaign and field of a wrong definition", () => {
    const broken = { ...PLAYBOOK[0]!, wait: { kind: "delay" as const, duration: "4 hours" } };
    expect(() => loadCampaigns([broken])).toThrow(
      /campaign high-value-cart: wait.duration: must be an ISO-8601 duration/,
    );
  });

  it("names a template placeholder that no variable fills", () => {
    const c = PLAYBOOK[1]!;
    const broken = {
      ...c,
      templates: { ...c.templates, en: { ...c.templates.en!, subject: "Hi {{frstName}}" } },
    };
    expect(() => loadCampaigns([broken])).toThrow(
      /campaign repeat-buyer-thanks: templates.en.subject: .*frstName/,
    );
  });

  it("needs a German and an English template", () => {
    const c = PLAYBOOK[0]!;
    expect(() => loadCampaigns([{ ...c, templates: { en: c.templates.en! } }])).toThrow(
      /campaign high-value-cart: templates: needs at least/,
    );
  });

  it("refuses the same id twice", () => {
    expect(() => loadCampaigns([PLAYBOOK[0]!, PLAYBOOK[0]!])).toThrow(/id: is used twice/);
  });
});
