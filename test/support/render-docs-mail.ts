/**
 * `npx tsx test/support/render-docs-mail.ts`: regenerates docs/mail-cross-sell.png, the README's
 * picture of a mail as customers get it (the German cross-sell of an example coffee house, at
 * 375 and 600 px), with the same code the engine sends with. Pictures are inline SVG, so the
 * browser needs no network.
 */
import { loadCampaigns } from "../../shared/campaigns/catalog";
import { composeMail } from "../../shared/campaigns/compose";
import { TEMPLATE_VARIABLES } from "../../shared/campaigns/render";
import { Brand } from "../../shared/email/brand";
import { checkMailsInBrowser, screenshotMails } from "./mail-in-browser";

const OUT = "docs/mail-cross-sell.png";

const svg = (w: number, h: number, fill: string, label: string) =>
  `data:image/svg+xml,${encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="100%" height="100%" fill="${fill}"/><text x="50%" y="55%" font-family="Helvetica" font-size="${Math.round(h / 4)}" fill="#fff" text-anchor="middle">${label}</text></svg>`,
  )}`;

// Parsed as the config would be, then given inline pictures (the config itself wants http(s) URLs).
const brand = {
  ...Brand.parse({
    name: "Kaffeehaus Müller",
    senderName: "Kaffeehaus Müller",
    replyTo: "hallo@kaffeehaus.example",
    logoUrl: "https://kaffeehaus.example/logo.png",
    color: "#7b3f00",
    websiteUrl: "https://kaffeehaus.example/",
    imprint: ["Kaffeehaus Müller GmbH · Röstweg 5 · 80331 München", "HRB 123456 · USt-IdNr. DE123456789"],
  }),
  logoUrl: svg(320, 80, "#7b3f00", "Kaffeehaus Müller"),
};
const products = [
  ["Milchkännchen 350 ml", "24.90", "#a0522d"],
  ["Espressotassen, 2 Stück", "19.90", "#8b4513"],
  ["Entkalker für Siebträger", "9.50", "#6b8e23"],
].map(([title, amount, colour], i) => ({
  productId: `p-${i}`,
  title: title as string,
  url: `https://kaffeehaus.example/p/${i}`,
  imageUrl: svg(400, 300, colour as string, "Foto"),
  price: { amount: amount as string, currency: "EUR" },
}));

const campaign = loadCampaigns().find((c) => c.id === "cross-sell");
if (!campaign) throw new Error("no cross-sell campaign");
const vars = {
  ...Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v, undefined])),
  firstName: "Anna",
  orderId: "1042",
  crossSellCategory: "Zubehör",
  unsubscribeUrl: "https://links.kaffeehaus.example/unsubscribe?token=…",
};
const mail = await composeMail(campaign, vars, {
  brand,
  utm: { enabled: true, source: "stammkunde", medium: "email" },
  customerLocale: "de-DE",
  products,
});
const { page, checks } = checkMailsInBrowser([{ name: "cross-sell", html: mail.html }], [375, 600]);
for (const c of checks)
  if (c.scrollWidth > c.width || c.imagesWithoutAlt.length > 0)
    throw new Error(`the mail does not fit: ${JSON.stringify(c)}`);
console.log(screenshotMails(page, OUT, 1680), JSON.stringify(checks));
