import { describe, expect, it } from "vitest";
import { pickLocale, renderTemplate, TemplateError, unsubscribeHeaders } from "./templates";

const template = (html: string, text = "", subject = "Hallo") => ({ subject, html, text });

describe("renderTemplate", () => {
  it("fills placeholders in subject, html and text", () => {
    const out = renderTemplate(
      {
        subject: "Hallo {{firstName}}",
        html: "<p>Hallo {{ firstName }}</p>",
        text: "Hallo {{firstName}}, {{count}}x",
      },
      { firstName: "Jürgen", count: 3 },
    );
    expect(out).toEqual({ subject: "Hallo Jürgen", html: "<p>Hallo Jürgen</p>", text: "Hallo Jürgen, 3x" });
  });

  it("escapes values in html but not in text or subject", () => {
    const vars = { name: `Tom & "Jerry" <b>'s` };
    const out = renderTemplate(
      { subject: "{{name}}", html: '<a title="{{name}}">{{name}}</a>', text: "{{name}}" },
      vars,
    );
    expect(out.html).toBe(
      '<a title="Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s">Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#39;s</a>',
    );
    expect(out.text).toBe(vars.name);
    expect(out.subject).toBe(vars.name);
  });

  it("strips CR and LF from the subject so a value cannot inject a header", () => {
    const out = renderTemplate(template("", "", "Hallo {{firstName}}!"), {
      firstName: "Eve\r\nBcc: victim@example.com\nX: y",
    });
    expect(out.subject).not.toMatch(/[\r\n]/);
    expect(out.subject).toBe("Hallo Eve Bcc: victim@example.com X: y!");
  });

  it("keeps line breaks of a value in the text body", () => {
    expect(renderTemplate(template("", "{{note}}"), { note: "a\nb" }).text).toBe("a\nb");
  });

  it("shows a section only when its variable is non-empty", () => {
    const html = "Hallo{{#firstName}} {{firstName}}{{/firstName}}{{^firstName}} zusammen{{/firstName}}!";
    expect(renderTemplate(template(html), { firstName: "Ana" }).html).toBe("Hallo Ana!");
    expect(renderTemplate(template(html), { firstName: "" }).html).toBe("Hallo zusammen!");
    expect(renderTemplate(template(html), { firstName: "  " }).html).toBe("Hallo zusammen!");
    expect(renderTemplate(template(html), { firstName: undefined }).html).toBe("Hallo zusammen!");
  });

  it("shows a section for the number 0", () => {
    expect(renderTemplate(template("{{#n}}n={{n}}{{/n}}"), { n: 0 }).html).toBe("n=0");
  });

  it("renders nested sections", () => {
    const html = "{{#a}}A{{#b}}B{{b}}{{/b}}{{/a}}.";
    expect(renderTemplate(template(html), { a: "x", b: "y" }).html).toBe("ABy.");
    expect(renderTemplate(template(html), { a: "x", b: "" }).html).toBe("A.");
    expect(renderTemplate(template(html), { a: "", b: "y" }).html).toBe(".");
  });

  it("renders an optional variable that is present but undefined as empty", () => {
    expect(renderTemplate(template("[{{category}}]"), { category: undefined }).html).toBe("[]");
  });

  it("does not treat $ in a value as a replacement pattern", () => {
    expect(renderTemplate(template("{{v}}"), { v: "$& $1 $$" }).html).toBe("$&amp; $1 $$");
  });

  it("fails naming the placeholder and the part when a template uses an unknown variable", () => {
    const wrong = template("<p>{{firstName}}</p>", "Hi {{frstName}}");
    expect(() => renderTemplate(wrong, { firstName: "Ana" })).toThrow(TemplateError);
    expect(() => renderTemplate(wrong, { firstName: "Ana" })).toThrow(
      "template text: unknown variable: {{frstName}}",
    );
  });

  it("fails on an unknown variable even inside a hidden section", () => {
    const wrong = template("{{#coupon}}{{couponCode}}{{/coupon}}");
    expect(() => renderTemplate(wrong, { coupon: "" })).toThrow(/unknown variable: \{\{couponCode\}\}/);
  });

  it("fails on malformed tags and unbalanced sections", () => {
    const vars = { a: "1", b: "2" };
    expect(() => renderTemplate(template("{{first name}}"), vars)).toThrow(/malformed placeholder/);
    expect(() => renderTemplate(template("{{#a}}x"), vars)).toThrow(/section never closed: \{\{#a\}\}/);
    expect(() => renderTemplate(template("x{{/a}}"), vars)).toThrow(/section end without its start/);
    expect(() => renderTemplate(template("{{#a}}{{#b}}{{/a}}{{/b}}"), vars)).toThrow(/without its start/);
    expect(() => renderTemplate(template("{{#a}}{{#a}}{{/a}}{{/a}}"), vars)).toThrow(/nested in itself/);
    expect(() => renderTemplate(template("Hallo {{a}"), vars)).toThrow(/stray braces/);
  });
});

describe("pickLocale", () => {
  const available = ["de", "en"];

  it("maps a regional locale to its language", () => {
    expect(pickLocale(available, "de-DE", "en")).toBe("de");
    expect(pickLocale(available, "en-GB", "de")).toBe("en");
    expect(pickLocale(available, "de_at", "en")).toBe("de");
  });

  it("prefers an exact regional template", () => {
    expect(pickLocale(["de", "de-CH", "en"], "de-ch", "en")).toBe("de-CH");
  });

  it("uses a regional template for a bare language", () => {
    expect(pickLocale(["de-DE", "en-US"], "en", "de-DE")).toBe("en-US");
  });

  it("falls back for an unknown or missing locale", () => {
    expect(pickLocale(available, "fr-FR", "en")).toBe("en");
    expect(pickLocale(available, null, "de")).toBe("de");
    expect(pickLocale(available, "", "de")).toBe("de");
  });
});

describe("renderTemplate substitutes once", () => {
  const vars = { firstName: "{{unsubscribeUrl}} {{constructor}}", unsubscribeUrl: "https://x.example/u" };

  it("renders a first name that looks like template code literally, inside and outside sections", () => {
    const t = {
      subject: "Hi {{firstName}}",
      html: "<p>{{#firstName}}Hallo {{firstName}}{{/firstName}}</p><p>{{firstName}}</p>",
      text: "{{#firstName}}Hallo {{firstName}}{{/firstName}} / {{firstName}}",
    };
    const out = renderTemplate(t, vars);
    expect(out.subject).toBe("Hi {{unsubscribeUrl}} {{constructor}}");
    expect(out.html).toBe(
      "<p>Hallo {{unsubscribeUrl}} {{constructor}}</p><p>{{unsubscribeUrl}} {{constructor}}</p>",
    );
    expect(out.text).toBe("Hallo {{unsubscribeUrl}} {{constructor}} / {{unsubscribeUrl}} {{constructor}}");
    expect(`${out.html}${out.text}`).not.toContain("x.example");
  });

  it("refuses names that exist only on the prototype", () => {
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"])
      expect(() => renderTemplate(template(`{{${name}}}`), {}), name).toThrow(/unknown variable/);
  });

  it("treats an inherited name as absent when a section is decided", () => {
    const inherited = Object.create({ firstName: "Proto" }) as Record<string, string>;
    inherited.shown = "yes";
    expect(renderTemplate(template("{{#shown}}[{{shown}}]{{/shown}}"), inherited).html).toBe("[yes]");
  });
});

describe("unsubscribeHeaders", () => {
  it("returns the RFC 8058 one-click headers", () => {
    expect(unsubscribeHeaders("https://shop.example/unsubscribe?token=abc.def")).toEqual([
      { name: "List-Unsubscribe", value: "<https://shop.example/unsubscribe?token=abc.def>" },
      { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
    ]);
  });

  it("accepts http only for the local host", () => {
    expect(unsubscribeHeaders("http://localhost:8080/unsubscribe?token=t")[0]?.value).toBe(
      "<http://localhost:8080/unsubscribe?token=t>",
    );
    expect(() => unsubscribeHeaders("http://shop.example/unsubscribe")).toThrow(/https/);
    expect(() => unsubscribeHeaders("/unsubscribe?token=t")).toThrow(/absolute URL/);
  });

  it("cannot be used to inject a header or break out of the angle brackets", () => {
    const [header] = unsubscribeHeaders("https://shop.example/u?token=a>\r\nBcc: x@example.com");
    expect(header?.value).not.toMatch(/[\r\n]/);
    expect(header?.value.slice(1, -1)).not.toMatch(/[<>]/);
  });
});
