import { BusConfig, TableConfig } from "../../shared/runtime/config";
import { EngineEnv } from "../../shared/runtime/engine";

export const TrackJourneysConfig = BusConfig.extend(TableConfig.shape).extend(EngineEnv.shape);
