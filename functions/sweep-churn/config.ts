import { ModelEnv } from "../../shared/intelligence/jobs/options";
import { BusConfig, TableConfig } from "../../shared/runtime/config";

/** The same model settings as fit-model's: the sweep judges by the rules the fit was made with. */
export const SweepChurnConfig = TableConfig.extend(BusConfig.shape).extend(ModelEnv.shape);
