import { describe, expect, it } from "vitest";
import { decodeHeader, fromHeader } from "./address";

describe("fromHeader", () => {
  it("quotes an ASCII display name, escaping quotes and backslashes", () => {
    expect(fromHeader("Kaffeehaus", "shop@kaffeehaus.example")).toBe(
      '"Kaffeehaus" <shop@kaffeehaus.example>',
    );
    expect(fromHeader('Say "Hi" \\ Co', "a@b.example")).toBe('"Say \\"Hi\\" \\\\ Co" <a@b.example>');
  });

  it("encodes a non-ASCII name as RFC 2047 words that decode back", () => {
    const from = fromHeader("Kaffeehaus Müller", "shop@kaffeehaus.example");
    expect(from).toBe("=?UTF-8?B?S2FmZmVlaGF1cyBNw7xsbGVy?= <shop@kaffeehaus.example>");
    expect(from).toMatch(/^[\x20-\x7e]+$/);
    expect(decodeHeader(from)).toBe("Kaffeehaus Müller <shop@kaffeehaus.example>");
  });

  it("splits a long name into words of at most 75 characters", () => {
    const name = "Größte Kaffeerösterei & Konditorei Müller-Lüdenscheidt an der Würm 🫖";
    const from = fromHeader(name, "a@b.example");
    const words = from.replace(/ <a@b\.example>$/, "").split(" ");
    expect(words.length).toBeGreaterThan(1);
    for (const w of words) expect(w.length).toBeLessThanOrEqual(75);
    expect(decodeHeader(from)).toBe(`${name} <a@b.example>`);
  });

  it("turns control characters into spaces and drops an empty name", () => {
    expect(fromHeader("Shop\r\nBcc: x@evil.example", "a@b.example")).toBe(
      '"Shop  Bcc: x@evil.example" <a@b.example>',
    );
    expect(fromHeader("  ", "a@b.example")).toBe("a@b.example");
  });
});
