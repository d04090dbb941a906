import { BusConfig, TableConfig } from "../../shared/runtime/config";
import { EngineEnv } from "../../shared/runtime/engine";

export const DispatchMessagesConfig = BusConfig.extend(TableConfig.shape).extend(EngineEnv.shape);
