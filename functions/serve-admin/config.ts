import { TableConfig } from "../../shared/runtime/config";

export const ServeAdminConfig = TableConfig;
