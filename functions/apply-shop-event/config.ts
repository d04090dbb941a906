import { TableConfig } from "../../shared/runtime/config";

export const ApplyShopEventConfig = TableConfig;
