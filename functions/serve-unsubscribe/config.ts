import type { z } from "zod";
import { BusConfig, withTokenKey } from "../../shared/runtime/config";

/** The bus for the revocation, and the key that verifies the unsubscribe links the engine signs. */
export const ServeUnsubscribeConfig = withTokenKey(BusConfig);
export type ServeUnsubscribeConfig = z.infer<typeof ServeUnsubscribeConfig>;
