import { describe, expect, it } from "vitest";
import { type Brand, EXAMPLE_SETTINGS } from "../email/brand";
import { composeMail } from "./compose";
import { type Campaign, defineCampaigns } from "./definition";
import type { ProductCard } from "./product-card";

const brand: Brand = {
  name: "Kaffeehaus Müller",
  senderName: "Kaffeehaus Müller",
  replyTo: "hallo@kaffeehaus.example",
  logoUrl: "https://kaffeehaus.example/logo.png",
  color: "#7b3f00",
  websiteUrl: "https://kaffeehaus.example/",
  imprint: ["Kaffeehaus Müller GmbH", "Röstweg 5, 80331 München", "HRB 123456, USt-IdNr. DE123456789"],
};
const utm = { enabled: true, source: "stammkunde", medium: "email" };

const [promo, receipt] = defineCampaigns(
  (["promotional", "transactional"] as const).map((priority) => ({
    id: `test-${priority}`,
    name: "t",
    description: "t",
    priority,
    trigger: { event: "order.placed" },
    wait: { kind: "none" },
    reentry: { kind: "once-ever" },
    templates: Object.fromEntries(
      ["de", "en"].map((l) => [
        l,
        {
          subject: `${l}: Hallo {{firstName}}`,
          preheader: "Vorschau für {{firstName}}",
          html: '<p>Hallo {{firstName}}</p>{{products}}<p><a href="{{checkoutUrl}}">Kasse</a></p>',
          text: "Hallo {{firstName}}\n\n{{products}}\n\nKasse: {{checkoutUrl}}",
        },
      ]),
    ),
  })),
) as [Campaign, Campaign];

const vars = {
  firstName: "Anna",
  checkoutUrl: "https://kaffeehaus.example/checkout?id=7",
  unsubscribeUrl: "https://api.kaffeehaus.example/unsubscribe?token=T",
};
const card = (n: number, extra: Partial<ProductCard> = {}): ProductCard => ({
  productId: `p-${n}`,
  title: `Tasse ${n}`,
  url: `https://kaffeehaus.example/p/${n}`,
  imageUrl: `https://kaffeehaus.example/img/${n}.jpg`,
  price: { amount: "19.90", currency: "EUR" },
  ...extra,
});

describe("composeMail", () => {
  it("is a whole document in the customer's language with charset, viewport, a 600 px body and the preheader", async () => {
    const mail = await composeMail(promo, vars, { brand, utm, customerLocale: "de-AT" });
    expect(mail.html).toMatch(/^<!doctype html>/i);
    expect(mail.html).toMatch(/<html lang="de-AT"/);
    expect(mail.html).toMatch(/<meta http-equiv="Content-Type" content="text\/html; charset=UTF-8">/);
    expect(mail.html).toMatch(/<meta name="viewport" content="width=device-width, initial-scale=1">/);
    expect(mail.html).toContain("max-width:600px");
    expect(mail.html).toMatch(/<div style="display:none;[^"]*">Vorschau für Anna<\/div>/);
    expect(mail.subject).toBe("de: Hallo Anna");
  });

  it("carries the brand: logo with alt text, colour on the buttons, imprint and reason in both parts", async () => {
    const mail = await composeMail(promo, vars, { brand, utm, customerLocale: "de" });
    expect(mail.html).toMatch(
      /<img[^>]*alt="Kaffeehaus Müller"[^>]*src="https:\/\/kaffeehaus\.example\/logo\.png"/,
    );
    for (const line of brand.imprint) {
      expect(mail.html).toContain(line);
      expect(mail.text).toContain(line);
    }
    expect(mail.text).toContain("zugestimmt haben, von Kaffeehaus Müller zu hören");
    expect(mail.html).toContain("border-top:4px solid #7b3f00");
    expect(mail.html).toContain("a { color: #7b3f00; }");
  });

  it("has the one-click unsubscribe in marketing mail only, never UTM-tagged", async () => {
    const marketing = await composeMail(promo, vars, { brand, utm, customerLocale: "en" });
    expect(marketing.html).toContain('href="https://api.kaffeehaus.example/unsubscribe?token=T"');
    expect(marketing.text).toContain("Unsubscribe: https://api.kaffeehaus.example/unsubscribe?token=T");
    const transactional = await composeMail(receipt, vars, { brand, utm, customerLocale: "en" });
    expect(`${transactional.html}${transactional.text}`).not.toContain("unsubscribe");
    expect(transactional.text).toContain("because of your order or request at Kaffeehaus Müller");
  });

  it("shows at most three product cards with picture, alt text, German price and a tagged link", async () => {
    const products = [card(1), card(2, { imageUrl: undefined }), card(3), card(4)];
    const mail = await composeMail(promo, vars, { brand, utm, customerLocale: "de-DE", products });
    const q = "utm_source=stammkunde&amp;utm_medium=email&amp;utm_campaign=test-promotional";
    for (const n of [1, 2, 3]) {
      expect(mail.html).toContain(`<strong>Tasse ${n}</strong><br>19,90\u00a0€`);
      expect(mail.html).toContain(`href="https://kaffeehaus.example/p/${n}?${q}"`);
      expect(mail.text).toContain(`* Tasse ${n}, 19,90\u00a0€`);
    }
    expect(mail.html).toMatch(/<img[^>]*alt="Tasse 1"[^>]*src="https:\/\/kaffeehaus\.example\/img\/1\.jpg"/);
    expect(mail.html).not.toContain("img/2.jpg");
    expect(mail.html).toMatch(
      /<a href="https:\/\/kaffeehaus\.example\/p\/1\?[^"]*"[^>]*title="Ansehen: Tasse 1"/,
    );
    expect(mail.html).not.toContain("Tasse 4");
    expect(mail.html).toContain(`href="https://kaffeehaus.example/checkout?id=7&amp;${q}"`);
    // Cards sit where the template placed them: after the greeting, before the checkout link.
    const at = (s: string) => mail.html.indexOf(s);
    expect(at("Hallo Anna")).toBeLessThan(at("Tasse 1"));
    expect(at("Tasse 3")).toBeLessThan(at("Kasse"));
  });

  it("tags no link when the shop switched UTM off", async () => {
    const mail = await composeMail(promo, vars, {
      brand,
      utm: { ...utm, enabled: false },
      customerLocale: "en",
      products: [card(1)],
    });
    expect(`${mail.html}${mail.text}`).not.toContain("utm_");
  });

  it("renders customer and catalog data literally: no second substitution, no markup", async () => {
    const tricky = { ...vars, firstName: "{{unsubscribeUrl}} {{constructor}} <b>" };
    const products = [card(1, { title: '<script>x</script> {{firstName}} "q"' })];
    const mail = await composeMail(promo, tricky, { brand, utm, customerLocale: "de", products });
    expect(mail.subject).toBe("de: Hallo {{unsubscribeUrl}} {{constructor}} <b>");
    expect(mail.html).toContain("Hallo {{unsubscribeUrl}} {{constructor}} &lt;b&gt;");
    expect(mail.html).toContain("&lt;script&gt;x&lt;/script&gt; {{firstName}} &quot;q&quot;");
    expect(mail.html).not.toContain("<script>");
    expect(mail.text).toContain("Hallo {{unsubscribeUrl}} {{constructor}} <b>");
  });

  it("falls back to the default template and its language for a locale without one", async () => {
    const mail = await composeMail(promo, vars, { ...EXAMPLE_SETTINGS, customerLocale: "fr-FR" });
    expect(mail.locale).toBe("de");
    expect(mail.html).toMatch(/<html lang="de"/);
    expect(mail.text).toContain("Example Shop");
  });
});
