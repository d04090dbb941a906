import { z } from "zod";
import { BusConfig, TableConfig } from "../../shared/runtime/config";

/**
 * SUPPRESSION_SALT keys the suppression list's address hashes. It is a secret shared with every
 * function that checks or writes the list (dispatch, erase): in AWS it comes from Secrets Manager
 * by SUPPRESSION_SALT_ARN, locally from SUPPRESSION_SALT or LOCAL_SUPPRESSION_SALT. The Lambda
 * never falls back to the public local value.
 */
export const RecordEmailFeedbackConfig = BusConfig.extend(TableConfig.shape)
  .extend({
    SUPPRESSION_SALT: z.string().min(1).optional(),
    SUPPRESSION_SALT_ARN: z.string().min(1).optional(),
  })
  .refine((c) => c.SUPPRESSION_SALT !== undefined || c.SUPPRESSION_SALT_ARN !== undefined, {
    path: ["SUPPRESSION_SALT"],
    message: "set SUPPRESSION_SALT (locally) or SUPPRESSION_SALT_ARN (in AWS)",
  });
export type RecordEmailFeedbackConfig = z.infer<typeof RecordEmailFeedbackConfig>;
