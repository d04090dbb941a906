import { BusConfig, TableConfig } from "../../shared/runtime/config";

/** TOKEN_SIGNING_KEY (or TOKEN_SIGNING_KEY_ARN in AWS) derives the referral codes, as the mails do. */
export const FollowUpSurveysConfig = BusConfig.extend(TableConfig.shape);
