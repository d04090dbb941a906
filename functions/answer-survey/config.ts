import { z } from "zod";
import { BusConfig, TableConfig } from "../../shared/runtime/config";

/**
 * TOKEN_SIGNING_KEY verifies the survey links the campaign engine signs with the same key. In AWS
 * it comes from Secrets Manager by TOKEN_SIGNING_KEY_ARN; locally from TOKEN_SIGNING_KEY.
 */
export const AnswerSurveyConfig = BusConfig.extend(TableConfig.shape)
  .extend({
    TOKEN_SIGNING_KEY: z.string().min(1).optional(),
    TOKEN_SIGNING_KEY_ARN: z.string().min(1).optional(),
  })
  .refine((c) => c.TOKEN_SIGNING_KEY !== undefined || c.TOKEN_SIGNING_KEY_ARN !== undefined, {
    path: ["TOKEN_SIGNING_KEY"],
    message: "set TOKEN_SIGNING_KEY (locally) or TOKEN_SIGNING_KEY_ARN (in AWS)",
  });
export type AnswerSurveyConfig = z.infer<typeof AnswerSurveyConfig>;
