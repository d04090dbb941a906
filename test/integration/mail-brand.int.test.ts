import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDeployConfig } from "../../infra/cloud/config";
import { runPreview } from "../../infra/local/commands/preview";
import { localEnvOf } from "../../infra/local/config-file";
import type { LocalHost } from "../../infra/local/host";
import { decodeHeader } from "../../shared/email/address";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { startTestHost } from "../support/local-host";
import { checkMailsInBrowser } from "../support/mail-in-browser";
import { productUpdated } from "../support/products";
import { skipScreenshots } from "../support/screenshot";
import { header } from "../support/ses-store";
import { dispatch, givenCustomer, mailsOf, order, type StoryCustomer, send } from "./playbook-story";

const brand = {
  name: "Kaffeehaus Müller",
  senderName: "Kaffeehaus Müller",
  replyTo: "hallo@kaffeehaus.example",
  logoUrl: "https://kaffeehaus.example/logo.png",
  color: "#7b3f00",
  websiteUrl: "https://kaffeehaus.example/",
  imprint: ["Kaffeehaus Müller GmbH", "Röstweg 5, 80331 München", "HRB 123456, USt-IdNr. DE123456789"],
};
const config = { sender: "shop@kaffeehaus.example", brand };
const dir = mkdtempSync(join(tmpdir(), "mail-brand-"));
const configFile = join(dir, "stammkunde.config.json");
writeFileSync(configFile, JSON.stringify(config));

let host: LocalHost;
const customers: StoryCustomer[] = [];
beforeAll(async () => {
  // As `npm start -- --config <file>` starts it.
  host = await startTestHost({ env: localEnvOf(parseDeployConfig(config)) });
  for (const locale of ["de-DE", "en-GB", "de-AT", "en-US", "de-DE", "en-GB"])
    customers.push(await givenCustomer(host, { locale }));
  // The shop's catalog from product events: one accessory on sale, one sold out (its newer event
  // delivered first), each event twice.
  const catalog = [
    productUpdated({ productId: "case", title: "Lederhülle", at: "2026-03-01T08:00:00.000Z" }),
    productUpdated({ productId: "charger", title: "Schnellladegerät", at: "2026-03-01T08:00:00.000Z" }),
    productUpdated({
      productId: "charger",
      title: "Schnellladegerät",
      at: "2026-03-01T09:00:00.000Z",
      available: false,
    }),
  ];
  await send(host, [catalog[2]!, catalog[0]!, catalog[1]!, ...catalog]);
  // Shuffled and each delivered twice: still one mail per customer.
  const orders = customers.map((c) => order(c, { orderId: "o-1", at: "2026-03-02T09:00:00.000Z" }));
  await send(
    host,
    [...orders, ...orders].sort(() => Math.random() - 0.5),
  );
  await dispatch(host, "2026-03-12T09:01:00.000Z");
}, 120_000);
afterAll(async () => {
  await host?.stop();
});

describe("a mail in the configured brand, through the local host", () => {
  it("comes from the shop's name, with its Reply-To, as a whole document in the customer's language", async () => {
    for (const c of customers) {
      const mails = await mailsOf(host, c, "cross-sell");
      expect(mails, c.id).toHaveLength(1);
      const [mail] = mails;
      expect(decodeHeader(mail?.from ?? "")).toBe("Kaffeehaus Müller <shop@kaffeehaus.example>");
      expect((mail as { replyTo?: string[] }).replyTo).toEqual(["hallo@kaffeehaus.example"]);
      const html = mail?.body.html ?? "";
      expect(html).toMatch(/^<!doctype html>/i);
      expect(html).toContain(`<html lang="${c.locale}"`);
      expect(html).toMatch(/<img[^>]*alt="Kaffeehaus Müller"/);
      for (const line of brand.imprint) {
        expect(html).toContain(line);
        expect(mail?.body.text).toContain(line);
      }
      // The one-click link in the header is the footer's link, and carries no UTM parameters.
      const unsubscribe = header(mail!, "List-Unsubscribe")?.slice(1, -1) ?? "";
      expect(html).toContain(`href="${unsubscribe.replaceAll("&", "&amp;")}"`);
      expect(unsubscribe).not.toContain("utm_");
      expect(html).toContain(
        'href="https://kaffeehaus.example/?utm_source=stammkunde&amp;utm_medium=email&amp;utm_campaign=cross-sell"',
      );
      // The available accessory with its picture, its price as the customer's locale writes it and
      // a tagged link; never the sold-out one.
      expect(html).toContain('alt="Lederhülle"');
      expect(html).toContain('src="https://cdn.shop.example/case.jpg"');
      const price: Record<string, string> = { de: "19,90\u00a0€", "de-AT": "€\u00a019,90", en: "€19.90" };
      expect(html).toContain(price[c.locale] ?? price[c.locale.slice(0, 2)]);
      expect(html).toContain(
        'href="https://shop.example/products/case?utm_source=stammkunde&amp;utm_medium=email&amp;utm_campaign=cross-sell"',
      );
      expect(html).not.toContain("Schnellladegerät");
      expect(mail?.body.text).toContain("Lederhülle");
      expect(mail?.body.text).not.toContain("Schnellladegerät");
    }
  });

  it.skipIf(skipScreenshots)("fits a 375 px phone, every picture with alt text", async () => {
    const mails = [];
    for (const c of customers) {
      const [mail] = await mailsOf(host, c, "cross-sell");
      mails.push({ name: c.id, html: mail?.body.html ?? "" });
    }
    const { checks } = checkMailsInBrowser(mails, [375]);
    expect(checks).toHaveLength(customers.length);
    for (const check of checks) {
      expect(check.scrollWidth, check.name).toBeLessThanOrEqual(375);
      expect(check.images, check.name).toBeGreaterThan(1);
      expect(check.imagesWithoutAlt, check.name).toEqual([]);
    }
  });

  it("previews exactly the HTML document SES got, metadata on the terminal only", async () => {
    const [anna] = customers;
    const out = join(dir, "preview.html");
    const lines: string[] = [];
    const code = await runPreview(
      [
        "cross-sell",
        "--customer",
        anna!.id,
        "--config",
        configFile,
        "--data",
        '{"orderId":"o-1","items":[{"category":"phones","quantity":1}]}',
        // The catalog's choice at send time; the preview is given the same card.
        "--products",
        JSON.stringify([
          {
            productId: "case",
            title: "Lederhülle",
            url: "https://shop.example/products/case",
            imageUrl: "https://cdn.shop.example/case.jpg",
            price: { amount: "19.90", currency: "EUR" },
          },
        ]),
        "--out",
        out,
      ],
      { out: (l) => lines.push(l), baseUrl: host.url, adminToken: LOCAL_DEFAULTS.ADMIN_TOKEN },
    );
    expect(code).toBe(0);
    expect(lines.join("\n")).toContain("from:     =?UTF-8?B?");
    expect(lines.join("\n")).toContain("reply-to: hallo@kaffeehaus.example");
    const [sent] = await mailsOf(host, anna!, "cross-sell");
    // Only the signed token differs: the preview cannot sign for a real journey.
    const unsigned = (html: string) => html.replace(/token=[^"&]+/g, "token=T");
    expect(unsigned(readFileSync(out, "utf8"))).toBe(unsigned(sent?.body.html ?? ""));
    expect(readFileSync(out, "utf8")).not.toContain("subject:");
  });
});
