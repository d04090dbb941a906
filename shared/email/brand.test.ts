import { describe, expect, it } from "vitest";
import { EXAMPLE_BRAND, MailSettings, MailSettingsEnv, mailSettingsFor } from "./brand";

const settings = MailSettings.parse({
  brand: EXAMPLE_BRAND,
  utm: { source: "newsletter" },
  shops: { "tee.example": { brand: { name: "Teeladen" }, utm: { enabled: false } } },
});

describe("mailSettingsFor", () => {
  it("lays a shop's fields over the deployment's and inherits the rest", () => {
    const tee = mailSettingsFor(settings, "tee.example");
    expect(tee.brand).toEqual({ ...EXAMPLE_BRAND, name: "Teeladen" });
    expect(tee.utm).toEqual({ enabled: false, source: "newsletter", medium: "email" });
  });

  it("gives every other shop the deployment's, a prototype name included", () => {
    for (const shop of ["other.example", "constructor", "__proto__"])
      expect(mailSettingsFor(settings, shop)).toEqual({ brand: EXAMPLE_BRAND, utm: settings.utm });
  });
});

describe("MAIL_SETTINGS", () => {
  it("names the field of a bad value, and falls back to the example shop when unset", () => {
    expect(MailSettingsEnv.safeParse("{nope").error?.issues[0]?.message).toBe("must be JSON");
    const bad = MailSettingsEnv.safeParse(JSON.stringify({ brand: { ...EXAMPLE_BRAND, color: "red" } }));
    expect(bad.error?.issues[0]?.message).toMatch(/^brand\.color: must be a hex colour/);
    expect(MailSettingsEnv.parse(undefined).brand).toEqual(EXAMPLE_BRAND);
  });
});
