import { instanceId, type JourneyInstance } from "../persistence/journey-store";
import { customerLink, customerOfClaims, type TokenClaims } from "../security/tokens";

/** How long a survey link works: long enough for a holiday, short enough that answers stay current. */
export const SURVEY_LINK_SECONDS = 30 * 24 * 3600;

/** The survey a journey instance asks: its instance id (stable, opaque, no personal data in it). */
export const surveyIdOf = (instance: Pick<JourneyInstance, "shop" | "customerKey" | "campaignId" | "key">) =>
  instanceId(instance);

/**
 * Builds `{{surveyUrl}}`: `<base>/survey?token=...`, one signed token (purpose "survey") bound to
 * the shop, the customer (a guest by their address, as for unsubscribe links) and the survey
 * (claim `sid`, and the order it asks about as `o`), expiring 30 days after the send. The mail's
 * eleven links add `&score=0` ... `&score=10`; the score is the customer's choice and not signed.
 */
export function surveyLinkBuilder(publicBaseUrl: string, tokenKey: string) {
  const link = {
    base: publicBaseUrl,
    path: "/survey",
    purpose: "survey",
    seconds: SURVEY_LINK_SECONDS,
    key: tokenKey,
  } as const;
  return (instance: JourneyInstance, email: string, now: Date): string => {
    const orderId = instance.trigger.data.orderId;
    return customerLink(link, { ...instance, email }, now, {
      sid: surveyIdOf(instance),
      ...(typeof orderId === "string" && orderId.length <= 200 ? { o: orderId } : {}),
    });
  };
}

export interface SurveyOfToken {
  shop: string;
  customerKey: string;
  customer: { id: string } | { email: string };
  surveyId: string;
  orderId?: string;
  /** The link's expiry, epoch seconds: the stored answer expires a day after it. */
  exp: number;
}

/** The survey a verified token names, or undefined when its claims do not make one. */
export function surveyOfClaims(claims: TokenClaims): SurveyOfToken | undefined {
  const customer = customerOfClaims(claims);
  const { sid, o } = claims;
  if (!customer || typeof sid !== "string" || sid.length === 0 || sid.length > 200) return undefined;
  if (o !== undefined && (typeof o !== "string" || o.length === 0 || o.length > 200)) return undefined;
  return {
    shop: claims.shop,
    customerKey: claims.customerKey,
    customer,
    surveyId: sid,
    ...(o !== undefined ? { orderId: o } : {}),
    exp: claims.exp,
  };
}
