import { describe, expect, it } from "vitest";
import { pickLanguage } from "./pages";

describe("pickLanguage", () => {
  it("takes the first of German and English by preference, German by default", () => {
    expect(pickLanguage(undefined)).toBe("de");
    expect(pickLanguage("fr-FR,fr;q=0.9")).toBe("de");
    expect(pickLanguage("fr-FR,en;q=0.8,de;q=0.7")).toBe("en");
    expect(pickLanguage("de;q=0.4, en-GB;q=0.6")).toBe("en");
    expect(pickLanguage("en;q=0, de-AT")).toBe("de");
    expect(pickLanguage("en-GB")).toBe("en");
  });
});
