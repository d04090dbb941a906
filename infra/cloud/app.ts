import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { type DeployConfig, deployConfigFromContext } from "./config";
import { defaultsNotice } from "./config-notice";
import { StammkundeStack } from "./stammkunde-stack";

/**
 * The CDK app (`npx cdk synth` / `npx cdk deploy`). Without credentials the CLI leaves
 * CDK_DEFAULT_ACCOUNT unset and the stack synthesises environment-agnostic, so synth works
 * offline; nothing here looks anything up in an account.
 *
 * The deployment configuration (infra/cloud/config.ts): `-c config=<file.json>`, with `-c sender=`
 * and `-c alarmEmail=` overriding the file. A bad value stops synth with one line naming the field.
 */
const app = new App();
let config: DeployConfig;
try {
  config = deployConfigFromContext(app.node);
  const notice = defaultsNotice(app.node.tryGetContext("config"), config);
  if (notice) console.error(notice);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
// The same checks the infra tests assert: a new unsuppressed finding fails synth, not only CI.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new StammkundeStack(app, "Stammkunde", {
  description: "Stammkunde: retention-marketing backend (event pipeline, profiles, admin API)",
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
  config,
});
app.synth();
