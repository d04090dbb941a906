import type { z } from "zod";
import { BusConfig, withTokenKey } from "../../shared/runtime/config";

/** The bus for the confirmation event, and the key that verifies the links the engine signs. */
export const ConfirmConsentConfig = withTokenKey(BusConfig);
export type ConfirmConsentConfig = z.infer<typeof ConfirmConsentConfig>;
