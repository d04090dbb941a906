import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadCampaigns } from "../../../shared/campaigns/catalog";
import { composeMail } from "../../../shared/campaigns/compose";
import type { ProductCard } from "../../../shared/campaigns/product-card";
import { templateVars } from "../../../shared/campaigns/render";
import type { ProfileView } from "../../../shared/domain/profile-view";
import { fromHeader } from "../../../shared/email/address";
import { mailSettingsFor } from "../../../shared/email/brand";
import { mailSettingsOf } from "../config-file";

export const PREVIEW_SUMMARY =
  "preview <campaignId> --customer <id> [--shop <id>] [--out <file.html>] [--config <file>] ...  " +
  "render a campaign's email for a customer of the running local host";

const USAGE = `usage: preview <campaignId> --customer <customerId> [--shop <shop>] [--locale de|en] [--data <json>]
         [--products <json>] [--config <file>] [--out <file.html> | --html]
  Renders with the customer's profile from the running host (STAMMKUNDE_URL), in the brand of
  --config (the deployment config file; without it the example shop). --out writes the HTML
  document exactly as SES would get it (the signed links are placeholders) and prints the headers;
  without it the plain-text part is printed (--html: the HTML). Variables that come from the
  triggering event (orderId, checkoutUrl, couponCode, crossSellCategory...) are empty unless --data
  gives that event's data, e.g. --data '{"orderId":"o-1","items":[{"category":"phones"}]}';
  --products gives the product cards, e.g. '[{"productId":"p1","title":"Case","url":"https://...",
  "price":{"amount":"19.90","currency":"EUR"}}]'.`;

export interface PreviewIo {
  out: (line: string) => void;
  baseUrl: string;
  adminToken: string;
}

class ArgError extends Error {}

const OPTIONS = {
  customer: { type: "string" },
  shop: { type: "string" },
  locale: { type: "string" },
  data: { type: "string" },
  products: { type: "string" },
  html: { type: "boolean" },
  out: { type: "string" },
  config: { type: "string" },
} as const;

function parseRaw(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ArgError((error as Error).message);
  }
}

function parse(argv: string[]) {
  const { values, positionals } = parseRaw(argv);
  const campaignId = positionals[0];
  if (!campaignId) throw new ArgError("a campaign id is required");
  if (!values.customer) throw new ArgError("--customer is required");
  if (values.locale !== undefined && !/^[a-z]{2}$/.test(values.locale))
    throw new ArgError(`--locale: a two-letter language such as de or en, got ${values.locale}`);
  let data: unknown = {};
  if (values.data !== undefined) {
    try {
      data = JSON.parse(values.data);
    } catch {
      throw new ArgError("--data: not valid JSON");
    }
    if (data === null || typeof data !== "object" || Array.isArray(data))
      throw new ArgError("--data: must be a JSON object (the trigger event's data)");
  }
  return {
    campaignId,
    customer: values.customer,
    shop: values.shop ?? "default",
    locale: values.locale,
    data: data as Record<string, unknown>,
    products: productsOf(values.products),
    html: values.html === true,
    out: values.out,
    config: values.config,
  };
}

function productsOf(json: string | undefined): ProductCard[] {
  if (json === undefined) return [];
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ArgError("--products: not valid JSON");
  }
  const ok = (p: unknown) => {
    const c = p as ProductCard;
    return (
      typeof c?.productId === "string" &&
      typeof c.title === "string" &&
      typeof c.url === "string" &&
      typeof c.price?.amount === "string" &&
      typeof c.price?.currency === "string"
    );
  };
  if (!Array.isArray(value) || !value.every(ok))
    throw new ArgError(
      "--products: must be a JSON array of {productId, title, url, imageUrl?, price: {amount, currency}}",
    );
  return value as ProductCard[];
}

/**
 * `preview`: what a campaign's mail would say to one customer, rendered by the same code the
 * engine sends with. Reads the profile through the admin API, so it sees exactly what dispatch
 * would see; sends nothing, and its links (unsubscribe, survey) and referral code are placeholders.
 */
export async function runPreview(argv: string[], io: PreviewIo): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof ArgError)) throw error;
    io.out(`error: ${error.message}`);
    io.out(USAGE);
    return 2;
  }
  const campaign = loadCampaigns().find((c) => c.id === args.campaignId);
  if (!campaign) {
    io.out(
      `error: no campaign ${args.campaignId}; campaigns: ${loadCampaigns()
        .map((c) => c.id)
        .join(", ")}`,
    );
    return 2;
  }
  const url = `${io.baseUrl}/admin/customers/${encodeURIComponent(args.customer)}?shop=${encodeURIComponent(args.shop)}`;
  const res = await fetch(url, { headers: { authorization: `Bearer ${io.adminToken}` } }).catch(
    (error: Error) => {
      throw new Error(
        `cannot reach the local host at ${io.baseUrl} (is \`npm start\` running?): ${error.message}`,
      );
    },
  );
  if (res.status === 404) {
    io.out(`error: no customer ${args.customer} in shop ${args.shop}`);
    return 1;
  }
  if (!res.ok) {
    io.out(`error: the admin API answered ${res.status}`);
    return 1;
  }
  const profile = (await res.json()) as ProfileView;
  const unsubscribeUrl = `${io.baseUrl}/unsubscribe?token=preview-only`;
  const { sender, settings } = mailSettingsOf(args.config);
  const { brand, utm } = mailSettingsFor(settings, args.shop);
  const vars = templateVars(
    profile,
    { data: args.data },
    { unsubscribeUrl, surveyUrl: `${io.baseUrl}/survey?token=preview-only`, referralCode: "REF-PREVIEW0" },
  );
  const customerLocale = args.locale ?? profile.locale;
  const rendered = await composeMail(campaign, vars, { brand, utm, customerLocale, products: args.products });
  io.out(`campaign: ${campaign.id} (${campaign.priority}, ${campaign.enabled ? "on" : "off"})`);
  io.out(`locale:   ${rendered.locale}`);
  const consent = profile.consent.email.marketing;
  if (campaign.priority !== "transactional" && consent !== "granted")
    io.out(`note:     not sent to this customer today: marketing consent is ${consent}`);
  io.out(`from:     ${fromHeader(brand.senderName, sender)}`);
  io.out(`reply-to: ${brand.replyTo}`);
  io.out(`subject:  ${rendered.subject}`);
  if (args.out !== undefined) {
    // Only the document goes into the file: it is what a mail client gets as the HTML part.
    writeFileSync(args.out, rendered.html);
    io.out(`html:     ${args.out} (${Buffer.byteLength(rendered.html)} bytes)`);
    return 0;
  }
  io.out("");
  io.out(args.html ? rendered.html : rendered.text);
  return 0;
}
