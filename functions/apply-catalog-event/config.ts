import { TableConfig } from "../../shared/runtime/config";

export const ApplyCatalogEventConfig = TableConfig;
