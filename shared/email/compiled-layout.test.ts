import { readFileSync } from "node:fs";
import mjml2html from "mjml";
import { describe, expect, it } from "vitest";
import { GENERATED_PATH, generatedModule, REGENERATE } from "../../test/support/build-mail-layout";
import { type Brand, EXAMPLE_BRAND } from "./brand";
import { footerHtml, type LayoutSpec, layoutHtml, PRODUCTS_SLOT, readableOn } from "./layout";
import { COLOR_SENTINEL, layoutSource, ON_COLOR_SENTINEL } from "./layout-source";
import { escapeHtml } from "./templates";

/** MJML's whole-mail output and ours differ only in whitespace and in MJML merging adjacent Outlook conditionals. */
const normalise = (html: string) =>
  html
    .replace(/<!\[endif]-->\s*?<!--\[if mso \| IE]>/g, "")
    .replace(/\s+/g, " ")
    .replace(/> </g, "><");

/** The layout's MJML source filled with this mail's values: what was compiled per mail before. */
function wholeMailMjml(spec: LayoutSpec, view: string): string {
  const [before = "", after = ""] = spec.content.html.split(PRODUCTS_SLOT);
  const source = layoutSource(spec.products.length)
    .replaceAll(COLOR_SENTINEL, spec.brand.color)
    .replaceAll(ON_COLOR_SENTINEL, readableOn(spec.brand.color));
  const shown = new Map<string, boolean>([
    ["before", before.trim() !== ""],
    ["after", after.trim() !== ""],
    ...spec.products.map((image, i) => [`image${i + 1}`, image] as [string, boolean]),
  ]);
  const footer = /<mj-text[^>]*css-class="footer">\n@@footer@@\n/;
  const values: Record<string, string> = {
    lang: escapeHtml(spec.lang),
    title: escapeHtml(spec.content.subject),
    preheader: escapeHtml(spec.content.preheader),
    logoUrl: escapeHtml(spec.brand.logoUrl),
    brandName: escapeHtml(spec.brand.name),
    before,
    after,
    view: escapeHtml(view),
  };
  return source
    .replace(
      /<mj-raw><!--@@if:(\w+)--><\/mj-raw>([\s\S]*?)<mj-raw><!--@@end:\1--><\/mj-raw>/g,
      (_, name, part) => (shown.get(name) ? part : ""),
    )
    .replace(footer, (m) => m.replace("@@footer@@", footerHtml(spec)))
    .replace(/@@(\w+)@@/g, (_, name: string) => values[name] ?? "");
}

const spec = (over: Partial<LayoutSpec> = {}): LayoutSpec => ({
  lang: "de-AT",
  language: "de",
  brand: EXAMPLE_BRAND,
  unsubscribe: true,
  reason: "consent",
  content: {
    subject: "Hallo {{firstName}} & Co",
    preheader: "Neu für Sie",
    html: '<p>Hallo {{firstName}}</p>{{products}}<p>{{#checkoutUrl}}<a class="button" href="{{checkoutUrl}}">Zur Kasse</a>{{/checkoutUrl}}</p>',
    text: "Hallo",
  },
  products: [true, false, true],
  ...over,
});

describe("the compiled mail layout", () => {
  it("is what MJML compiles from the layout source now", async () => {
    // Arrange / act
    const fresh = await generatedModule();
    // Assert
    const committed = readFileSync(GENERATED_PATH, "utf8");
    expect(committed === fresh, `shared/email/compiled-layout.generated.ts is stale: run ${REGENERATE}`).toBe(
      true,
    );
  }, 60_000);

  const light: Brand = {
    ...EXAMPLE_BRAND,
    name: `Tom & Jerry's <Shop>`,
    color: "#f0e68c",
    logoUrl: "https://x.example/l.png?a=1&b=2",
    imprint: ['A & B "GmbH"', "Weg 1"],
  };
  const cases: [string, LayoutSpec, string][] = [
    ["three cards, the middle without a picture", spec(), "Ansehen"],
    [
      "no cards, no preheader, a light brand colour, a button with its own style",
      spec({
        lang: "en",
        language: "en",
        brand: light,
        unsubscribe: false,
        reason: "order",
        content: {
          subject: "Your order",
          preheader: "",
          html: '<p>Thanks</p><p><a href="{{orderUrl}}" class="big button" style="margin:4px; color: red">Order</a></p>',
          text: "Thanks",
        },
        products: [],
      }),
      "View",
    ],
    [
      "one card without a picture, content only after the cards",
      spec({ products: [false], content: { ...spec().content, html: "{{products}}<p>Danach</p>" } }),
      "Ansehen",
    ],
    [
      "two cards with pictures, no slot",
      spec({ products: [true, true], content: { ...spec().content, html: "<p>x</p>" } }),
      "Ansehen",
    ],
  ];
  for (const [name, mail, view] of cases)
    it(`fills in as MJML compiles the whole mail: ${name}`, async () => {
      // Arrange
      const whole = await mjml2html(wholeMailMjml(mail, view), { validationLevel: "strict" });
      expect(whole.errors).toEqual([]);
      // Act
      const filled = layoutHtml(mail);
      // Assert
      expect(normalise(filled)).toBe(normalise(whole.html));
      expect(filled).not.toMatch(/@@/);
    }, 60_000);

  it("fills each sentinel once: content that spells a sentinel stays as written", () => {
    const html = layoutHtml(spec({ content: { ...spec().content, html: "<p>@@footer@@ @@color@@</p>" } }));
    expect(html).toContain("<p>@@footer@@ @@color@@</p>");
  });
});
