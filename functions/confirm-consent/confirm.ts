import { LINK_EVENTS, linkEventId } from "../../shared/domain/follow-up";
import { CanonicalEvent } from "../../shared/events/catalog";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { pickLanguage } from "../../shared/http/pages";
import type { HttpResult } from "../../shared/http/responses";
import { hmacSha256, macMatches } from "../../shared/http/signature";
import { type EventBus, toBusEvent } from "../../shared/messaging/event-bus";
import { customerOfClaims, verifyToken } from "../../shared/security/tokens";
import { donePage, formPage, invalidPage } from "./pages";

export interface ConfirmRequest {
  method: "GET" | "POST";
  query: Record<string, string | undefined>;
  now: Date;
  acceptLanguage?: string | undefined;
  /** Recorded in the consent ledger as proof of the confirmation (GDPR Art. 7(1)). */
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** Ids and reasons only: a guest's token carries the address, so neither token nor query is reported. */
export interface ConfirmOutcome {
  outcome: "form" | "confirmed" | "refused";
  reason?: string;
  shop?: string;
  customerKey?: string;
}

export interface ConfirmDeps {
  tokenKey: string;
  bus: EventBus;
  onOutcome?: (outcome: ConfirmOutcome) => void;
}

/** How long the page's time is taken as the confirmation's time; older pages confirm "now". */
const FORM_WINDOW_MS = 24 * 3600 * 1000;

/**
 * GET|POST /confirm?token=...  GET shows a page with a button (scanners fetch links; they must not
 * confirm). POST publishes one `consent.granted` with `confirmedAt` and source "double-opt-in",
 * which turns the pending consent into granted. Its id comes from the token and its time from the
 * page that was shown (signed by us), so a double click or a resubmitted form is the same event
 * and counts once.
 * A tampered or expired token (7 days) changes nothing and gets a 400 page.
 */
export async function confirmConsent(request: ConfirmRequest, deps: ConfirmDeps): Promise<HttpResult> {
  const language = pickLanguage(request.acceptLanguage);
  const report = deps.onOutcome ?? (() => {});
  const token = request.query.token;
  const check = verifyToken(token, deps.tokenKey, { purpose: "confirm", now: request.now });
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
    const shownAt = request.now.toISOString();
    return formPage(language, token, shownAt, shownAtSignature(deps.tokenKey, token, shownAt));
  }

  const at = confirmationTime(request.query, token, deps.tokenKey, request.now);
  const textVersion = check.claims.tv;
  const event = CanonicalEvent.safeParse({
    id: linkEventId("confirm", token),
    shop,
    type: "consent.granted",
    occurredAt: at,
    customer,
    data: {
      channel: "email",
      purpose: "marketing",
      confirmedAt: at,
      source: LINK_EVENTS.confirm.source,
      ...(typeof textVersion === "string" ? { textVersion } : {}),
      ...(request.ip ? { ip: request.ip.slice(0, 64) } : {}),
      ...(request.userAgent ? { userAgent: request.userAgent.slice(0, 500) } : {}),
    },
  });
  if (!event.success) {
    // A token we signed ourselves that makes no valid event: our bug, not the visitor's.
    report({ outcome: "refused", reason: "invalid-event", shop, customerKey });
    return invalidPage(language);
  }
  await deps.bus.publish([toBusEvent(event.data, EVENT_SOURCE)]);
  report({ outcome: "confirmed", shop, customerKey });
  return donePage(language);
}

/** Binds the time a form was shown to its token, so the POST can prove the time came from us. */
function shownAtSignature(tokenKey: string, token: string, shownAt: string): string {
  return hmacSha256(tokenKey, `confirm-shown-at|${token}|${shownAt}`).toString("hex");
}

/**
 * The confirmation's time is the server's: the time it showed the form, when the form's `at` comes
 * with our signature (so a double click is one event with one time), else the time of this
 * request. An unsigned or altered `at` is never taken: it would backdate a proof of consent.
 */
function confirmationTime(
  query: Record<string, string | undefined>,
  token: string,
  tokenKey: string,
  now: Date,
): string {
  const { at, sig } = query;
  const signed =
    at !== undefined &&
    sig !== undefined &&
    at.length <= 40 &&
    macMatches(Buffer.from(shownAtSignature(tokenKey, token, at), "hex"), Buffer.from(sig, "hex"));
  const t = signed ? Date.parse(at) : Number.NaN;
  const ok = Number.isFinite(t) && t <= now.getTime() && now.getTime() - t <= FORM_WINDOW_MS;
  return new Date(ok ? t : now.getTime()).toISOString();
}
