import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { type MailSettings, MailSettingsEnv } from "../../shared/email/brand";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { type DeployConfig, engineEnvironment, parseDeployConfig } from "../cloud/config";
import { mailSettingsEnv } from "../cloud/config-mail";

/**
 * `npm start -- --config <file>` and `preview --config <file>`: the same deployment config file
 * `cdk synth -c config=<file>` reads, checked by the same schema, so local mails and previews
 * show the brand and run with the settings the deployed stack would.
 */
export function readConfigFile(file: string): DeployConfig {
  const path = resolve(file);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`stammkunde config ${path}: ${(error as Error).message}`);
  }
  return parseDeployConfig(json, `config ${file}`);
}

/** The env the deployed functions would get from this config (the local host's own URL stays). */
export function localEnvOf(config: DeployConfig): Record<string, string> {
  return { SENDER: config.sender, ...engineEnvironment(config) };
}

/** The sender, brand and UTM settings of a config file, or the local ones (example shop) without one. */
export function mailSettingsOf(file: string | undefined): { sender: string; settings: MailSettings } {
  const config = file ? readConfigFile(file) : undefined;
  return {
    sender: config?.sender ?? process.env.SENDER ?? LOCAL_DEFAULTS.SENDER,
    settings: MailSettingsEnv.parse(config ? mailSettingsEnv(config) : undefined),
  };
}
