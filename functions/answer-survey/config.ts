import type { z } from "zod";
import { BusConfig, TableConfig, withTokenKey } from "../../shared/runtime/config";

/** The bus and table for the answer, and the key that verifies the survey links the engine signs. */
export const AnswerSurveyConfig = withTokenKey(BusConfig.extend(TableConfig.shape));
export type AnswerSurveyConfig = z.infer<typeof AnswerSurveyConfig>;
