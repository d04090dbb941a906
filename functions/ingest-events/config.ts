import { z } from "zod";
import { BusConfig, LOCAL_DEFAULTS } from "../../shared/runtime/config";

export const IngestConfig = BusConfig.extend({
  EVENTS_API_SECRET: z.string().min(1).default(LOCAL_DEFAULTS.EVENTS_API_SECRET),
});
