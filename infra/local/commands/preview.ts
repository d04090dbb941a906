import { parseArgs } from "node:util";
import { loadCampaigns } from "../../../shared/campaigns/catalog";
import { renderCampaign, templateVars } from "../../../shared/campaigns/render";
import type { ProfileView } from "../../../shared/domain/profile-view";

export const PREVIEW_SUMMARY =
  "preview <campaignId> --customer <id> [--shop <id>] [--locale de|en] [--data <json>] [--html]  " +
  "render a campaign's email for a customer of the running local host";

const USAGE = `usage: preview <campaignId> --customer <customerId> [--shop <shop>] [--locale de|en] [--data <json>] [--html]
  Renders with the customer's profile from the running host (STAMMKUNDE_URL). Variables that come
  from the triggering event (orderId, checkoutUrl, couponCode, crossSellCategory...) are empty unless
  --data gives that event's data, e.g. --data '{"orderId":"o-1","items":[{"category":"phones"}]}'.`;

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
  html: { type: "boolean" },
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
    html: values.html === true,
  };
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
  const rendered = renderCampaign(
    campaign,
    args.locale ?? profile.locale,
    templateVars(
      profile,
      { data: args.data },
      { unsubscribeUrl, surveyUrl: `${io.baseUrl}/survey?token=preview-only`, referralCode: "REF-PREVIEW0" },
    ),
  );
  io.out(`campaign: ${campaign.id} (${campaign.priority}, ${campaign.enabled ? "on" : "off"})`);
  io.out(`locale:   ${rendered.locale}`);
  const consent = profile.consent.email.marketing;
  if (campaign.priority !== "transactional" && consent !== "granted")
    io.out(`note:     not sent to this customer today: marketing consent is ${consent}`);
  io.out(`subject:  ${rendered.subject}`);
  io.out("");
  io.out(args.html ? rendered.html : rendered.text);
  return 0;
}
