import type { Utm } from "./brand";

/**
 * A link to the shop with the UTM parameters, so the shop's analytics sees the mail's visits.
 * Parameters already on the link are kept (a shop's own utm_content, say); ours replace any of
 * the same name. Only for the shop's links: never for our own unsubscribe, confirmation or
 * survey links, which callers simply do not pass here. A value that is no http(s) URL is
 * returned unchanged (the event contracts already refuse other schemes).
 */
export function tagLink(url: string, utm: Utm, campaignId: string): string {
  if (!utm.enabled) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") return url;
  parsed.searchParams.set("utm_source", utm.source);
  parsed.searchParams.set("utm_medium", utm.medium);
  parsed.searchParams.set("utm_campaign", campaignId);
  return parsed.href;
}
