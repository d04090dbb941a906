import type { JourneyInstance } from "../persistence/journey-store";
import { customerClaims, signToken } from "../security/tokens";
import { CONFIRM_LINK_SECONDS } from "./double-opt-in";

/**
 * Builds the double opt-in link `<base>/confirm?token=...`: signed, purpose "confirm", bound to the
 * shop and the customer (a guest by their address, as for unsubscribe links), expiring 7 days
 * after the mail is sent, and carrying the consent text version of the request (claim `tv`) so
 * the confirmation is recorded against the text the person saw.
 */
export function confirmLinkBuilder(publicBaseUrl: string, tokenKey: string) {
  return (instance: JourneyInstance, email: string, now: Date): string => {
    const claims = instance.customerKey.startsWith("id:")
      ? { customerKey: instance.customerKey }
      : customerClaims({ email });
    const textVersion = instance.trigger.data.textVersion;
    const token = signToken(
      {
        purpose: "confirm",
        shop: instance.shop,
        exp: Math.floor(now.getTime() / 1000) + CONFIRM_LINK_SECONDS,
        ...claims,
        ...(typeof textVersion === "string" && textVersion.length <= 100 ? { tv: textVersion } : {}),
      },
      tokenKey,
    );
    return `${publicBaseUrl}/confirm?token=${encodeURIComponent(token)}`;
  };
}
