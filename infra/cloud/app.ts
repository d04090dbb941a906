import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { StammkundeStack } from "./stammkunde-stack";

/**
 * The CDK app (`npx cdk synth` / `npx cdk deploy`). Without credentials the CLI leaves
 * CDK_DEFAULT_ACCOUNT unset and the stack synthesises environment-agnostic, so synth works
 * offline; nothing here looks anything up in an account.
 */
const app = new App();
// The same checks the infra tests assert: a new unsuppressed finding fails synth, not only CI.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
new StammkundeStack(app, "Stammkunde", {
  description: "Stammkunde: retention-marketing backend (event pipeline, profiles, admin API)",
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
