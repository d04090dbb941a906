import { BusConfig } from "../../shared/runtime/config";

/** EVENTS_API_SECRET (or EVENTS_API_SECRET_ARN in AWS) is read by requireSecret, not from here. */
export const IngestConfig = BusConfig;
