import { describe, expect, it } from "vitest";
import { fillProductBlock, formatPrice, PRODUCTS_MARKER } from "./product-block";

const rendered = {
  subject: "S",
  html: `<p>Hallo</p>${PRODUCTS_MARKER.html}<p>Grüße</p>`,
  text: `Hallo\n\n${PRODUCTS_MARKER.text}\n\nGrüße`,
};

describe("the product block", () => {
  it("lists each product with picture, alt text, link and price, escaping the shop's text", () => {
    const out = fillProductBlock(
      rendered,
      [
        {
          productId: "p1",
          title: 'Case <b>"Pro"</b>',
          url: "https://shop.example/case?a=1&b=2",
          imageUrl: "https://cdn.example/case.jpg",
          price: { amount: "1234.5", currency: "EUR" },
        },
      ],
      "de-DE",
    );

    expect(out.html).toContain(
      '<a href="https://shop.example/case?a=1&amp;b=2">Case &lt;b&gt;&quot;Pro&quot;&lt;/b&gt;</a>',
    );
    expect(out.html).toContain('alt="Case &lt;b&gt;&quot;Pro&quot;&lt;/b&gt;"');
    expect(out.text).toBe(
      'Hallo\n\n- Case <b>"Pro"</b>, 1.234,50\u00a0€: https://shop.example/case?a=1&b=2\n\nGrüße',
    );
    expect(out.html).not.toContain("stammkunde:products");
  });

  it("leaves no trace of the block without products", () => {
    const out = fillProductBlock(rendered, [], "en");

    expect(out.html).toBe("<p>Hallo</p><p>Grüße</p>");
    expect(out.text).toBe("Hallo\n\nGrüße");
  });

  it("formats prices for the locale from the decimal string", () => {
    expect(formatPrice({ amount: "19.90", currency: "EUR" }, "de-DE")).toBe("19,90\u00a0€");
    expect(formatPrice({ amount: "19.90", currency: "EUR" }, "en-GB")).toBe("€19.90");
    // Beyond a double's precision, the string is formatted exactly.
    expect(formatPrice({ amount: "12345678901234.99", currency: "USD" }, "en-US")).toBe(
      "$12,345,678,901,234.99",
    );
  });
});
