import { z } from "zod";
import { BusConfig } from "../../shared/runtime/config";

/** The key the local host uses when TOKEN_SIGNING_KEY is not set; never used by the Lambda. */
export const LOCAL_TOKEN_SIGNING_KEY = "local-token-key";

/**
 * TOKEN_SIGNING_KEY signs and verifies the links in emails (unsubscribe, survey, confirm), so the
 * sender and this function must share it. In AWS it comes from Secrets Manager by
 * TOKEN_SIGNING_KEY_ARN; locally from TOKEN_SIGNING_KEY or LOCAL_TOKEN_SIGNING_KEY.
 */
export const ServeUnsubscribeConfig = BusConfig.extend({
  TOKEN_SIGNING_KEY: z.string().min(1).optional(),
  TOKEN_SIGNING_KEY_ARN: z.string().min(1).optional(),
}).refine((c) => c.TOKEN_SIGNING_KEY !== undefined || c.TOKEN_SIGNING_KEY_ARN !== undefined, {
  path: ["TOKEN_SIGNING_KEY"],
  message: "set TOKEN_SIGNING_KEY (locally) or TOKEN_SIGNING_KEY_ARN (in AWS)",
});
export type ServeUnsubscribeConfig = z.infer<typeof ServeUnsubscribeConfig>;
