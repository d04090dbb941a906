import type { DeployConfig } from "./config";

/**
 * The line `cdk synth` prints when no `-c config=<file>` was given: a first synth (or one with a
 * typo in the context name) should not look like it used a configuration it never read.
 */
export function defaultsNotice(configFile: unknown, config: DeployConfig): string | undefined {
  if (configFile !== undefined) return undefined;
  return (
    `stammkunde: no -c config=<file> given, so the defaults are used (sender ${config.sender}, ` +
    `${config.shops.length} per-shop secrets, no alarm address unless -c alarmEmail=); ` +
    "copy infra/cloud/config.example.json and pass -c config=<your file> to deploy"
  );
}
