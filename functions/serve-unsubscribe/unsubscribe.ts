import { LINK_EVENTS, linkEventId } from "../../shared/domain/follow-up";
import { CanonicalEvent } from "../../shared/events/catalog";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { pickLanguage } from "../../shared/http/pages";
import type { HttpResult } from "../../shared/http/responses";
import { type EventBus, toBusEvent } from "../../shared/messaging/event-bus";
import { customerOfClaims, verifyToken } from "../../shared/security/tokens";
import { confirmPage, donePage, invalidPage } from "./pages";

export interface UnsubscribeRequest {
  method: "GET" | "POST";
  query: Record<string, string | undefined>;
  /** The form body (RFC 8058 sends `List-Unsubscribe=One-Click`); read only when the query has no token. */
  body: string;
  now: Date;
  acceptLanguage?: string | undefined;
}

/** Ids and reasons only: a guest's token carries the address, so neither token nor query is ever reported. */
export interface UnsubscribeOutcome {
  outcome: "form" | "unsubscribed" | "refused";
  reason?: string;
  shop?: string;
  customerKey?: string;
}

export interface UnsubscribeDeps {
  tokenKey: string;
  bus: EventBus;
  onOutcome?: (outcome: UnsubscribeOutcome) => void;
}

/** A form body is one short field; anything larger is not ours to parse. */
const MAX_FORM_BYTES = 8 * 1024;

/**
 * GET|POST /unsubscribe?token=...  GET only shows a page with a button: mail scanners and link
 * previews fetch every URL in a message, and must not unsubscribe anybody. POST (the button, or a
 * mailbox provider's RFC 8058 one-click request) publishes one `consent.revoked`; its id comes from
 * the token, so a double click or a provider's retry counts once. A bad or expired token changes
 * nothing and gets a page that says so.
 */
export async function serveUnsubscribe(
  request: UnsubscribeRequest,
  deps: UnsubscribeDeps,
): Promise<HttpResult> {
  const language = pickLanguage(request.acceptLanguage);
  const report = deps.onOutcome ?? (() => {});
  const token = request.query.token ?? (request.method === "POST" ? formToken(request.body) : undefined);
  const check = verifyToken(token, deps.tokenKey, { purpose: "unsubscribe", now: request.now });
  if (!check.ok || token === undefined) {
    report({ outcome: "refused", reason: check.ok ? "malformed" : check.reason });
    return invalidPage(language);
  }
  const { shop, customerKey } = check.claims;
  const customer = customerOfClaims(check.claims);
  if (!customer) {
    report({ outcome: "refused", reason: "unbound-customer", shop, customerKey });
    return invalidPage(language);
  }
  if (request.method === "GET") {
    report({ outcome: "form", shop, customerKey });
    return confirmPage(language, token);
  }

  const event = CanonicalEvent.safeParse({
    id: linkEventId("unsubscribe", token),
    shop,
    type: "consent.revoked",
    occurredAt: request.now.toISOString(),
    customer,
    data: { channel: "email", purpose: "marketing", source: LINK_EVENTS.unsubscribe.source },
  });
  if (!event.success) {
    // A token we signed ourselves that does not make a valid event: our bug, not the visitor's.
    report({ outcome: "refused", reason: "invalid-event", shop, customerKey });
    return invalidPage(language);
  }
  await deps.bus.publish([toBusEvent(event.data, EVENT_SOURCE)]);
  report({ outcome: "unsubscribed", shop, customerKey });
  return donePage(language);
}

function formToken(body: string): string | undefined {
  if (Buffer.byteLength(body) > MAX_FORM_BYTES) return undefined;
  return new URLSearchParams(body).get("token") ?? undefined;
}
