import { EventBridgeSchema } from "@aws-lambda-powertools/parser/schemas/eventbridge";
import type { z } from "zod";
import { CanonicalEvent } from "./catalog";

/** What a Lambda target of one of our rules receives: EventBridge's envelope with a canonical event as detail. */
export const CanonicalBusEvent = EventBridgeSchema.extend({ detail: CanonicalEvent });
export type CanonicalBusEvent = z.infer<typeof CanonicalBusEvent>;
