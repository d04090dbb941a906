import { ModelEnv } from "../../shared/intelligence/jobs/options";
import { TableConfig } from "../../shared/runtime/config";

export const FitModelConfig = TableConfig.extend(ModelEnv.shape);
