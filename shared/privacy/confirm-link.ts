import type { JourneyInstance } from "../persistence/journey-store";
import { customerLink } from "../security/tokens";
import { CONFIRM_LINK_SECONDS } from "./double-opt-in";

/**
 * Builds the double opt-in link `<base>/confirm?token=...`: signed, purpose "confirm", bound to the
 * shop and the customer (a guest by their address, as for unsubscribe links), expiring 7 days
 * after the mail is sent, and carrying the consent text version of the request (claim `tv`) so
 * the confirmation is recorded against the text the person saw.
 */
export function confirmLinkBuilder(publicBaseUrl: string, tokenKey: string) {
  const link = {
    base: publicBaseUrl,
    path: "/confirm",
    purpose: "confirm",
    seconds: CONFIRM_LINK_SECONDS,
    key: tokenKey,
  } as const;
  return (instance: JourneyInstance, email: string, now: Date): string => {
    const textVersion = instance.trigger.data.textVersion;
    return customerLink(
      link,
      { ...instance, email },
      now,
      typeof textVersion === "string" && textVersion.length <= 100 ? { tv: textVersion } : {},
    );
  };
}
