import { z } from "zod";
import { BusConfig } from "../../shared/runtime/config";

/**
 * TOKEN_SIGNING_KEY verifies the confirmation links the campaign engine signs with the same key.
 * In AWS it comes from Secrets Manager by TOKEN_SIGNING_KEY_ARN; locally from TOKEN_SIGNING_KEY.
 */
export const ConfirmConsentConfig = BusConfig.extend({
  TOKEN_SIGNING_KEY: z.string().min(1).optional(),
  TOKEN_SIGNING_KEY_ARN: z.string().min(1).optional(),
}).refine((c) => c.TOKEN_SIGNING_KEY !== undefined || c.TOKEN_SIGNING_KEY_ARN !== undefined, {
  path: ["TOKEN_SIGNING_KEY"],
  message: "set TOKEN_SIGNING_KEY (locally) or TOKEN_SIGNING_KEY_ARN (in AWS)",
});
export type ConfirmConsentConfig = z.infer<typeof ConfirmConsentConfig>;
