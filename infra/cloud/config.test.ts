import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SCHEDULES } from "../../shared/events/routing";
import { EngineEnv } from "../../shared/runtime/engine";
import { type DeployConfigInput, engineEnvironment, parseDeployConfig } from "./config";
import { envOf, functionProps, resources, type Synthesised, synthesise } from "./testing";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const EXAMPLE = fileURLToPath(new URL("./config.example.json", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "stammkunde-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const configFile = (config: unknown) => {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(config));
  return path;
};

describe("the deployment configuration", () => {
  it("defaults to what the stack did without one: the routing table's schedules, the engine's defaults", () => {
    const config = parseDeployConfig({});
    expect(config).toMatchObject({ sender: "shop@example.com", shops: [], sunsetMonths: 12 });
    for (const s of SCHEDULES) expect(config.schedules[s.job]).toBe(s.rate);
    // The env the stack derives parses to exactly what a function reads with no env at all.
    expect(EngineEnv.parse(engineEnvironment(config))).toEqual(EngineEnv.parse({}));
  });

  it("refuses what EventBridge or the webhooks would refuse later: a plural for one, a shop twice, an overlong shop id", () => {
    const shop = { platform: "woocommerce", shop: "my-shop.example", secretName: "stammkunde/a" };
    expect(() => parseDeployConfig({ schedules: { dispatch: "rate(1 minutes)" } })).toThrow(
      /schedules\.dispatch: must be an EventBridge schedule/,
    );
    expect(() => parseDeployConfig({ schedules: { dispatch: "rate(5 minute)" } })).toThrow(
      /schedules\.dispatch/,
    );
    expect(() => parseDeployConfig({ shops: [shop, { ...shop, secretName: "stammkunde/b" }] })).toThrow(
      /shops\.1\.shop: woocommerce:my-shop\.example is listed twice/,
    );
    expect(() => parseDeployConfig({ shops: [{ ...shop, shop: `${"a".repeat(101)}.example` }] })).toThrow(
      /shops\.0\.shop: must be the shop's identity/,
    );
    expect(parseDeployConfig({ schedules: { dispatch: "rate(10 minutes)" } }).schedules.dispatch).toBe(
      "rate(10 minutes)",
    );
  });

  it("names every bad field in one message", () => {
    expect(() =>
      parseDeployConfig({
        sender: "Shop <shop@example.com>",
        quietHours: "9-17",
        schedules: { dispatch: "every minute" },
        shops: [{ platform: "magento", shop: "x.example", secretName: "stammkunde/x" }],
        contactBudget: [{ limit: 0, window: "1 day" }],
        defaultTimeZone: "Europe/Atlantis",
        holdout: 0.9,
        colour: "blue",
      }),
    ).toThrow(
      new RegExp(
        [
          "sender: must be a plain email address",
          "shops.0.platform: ",
          "schedules.dispatch: must be an EventBridge schedule",
          "contactBudget.0.limit: ",
          "contactBudget.0.window: must be an ISO-8601 duration",
          'quietHours: must be "HH:MM-HH:MM"',
          "defaultTimeZone: must be an IANA time zone",
          "holdout: ",
          '(root): Unrecognized key: "colour"',
        ]
          .map((s) => s.replace(/[()]/g, "\\$&"))
          .join(".*"),
      ),
    );
  });

  it("keeps its example file valid", () => {
    expect(() => parseDeployConfig(JSON.parse(readFileSync(EXAMPLE, "utf8")))).not.toThrow();
  });
});

describe("a configured stack", () => {
  const config: DeployConfigInput = {
    sender: "news@mail.shop.example",
    alarmEmail: "ops@shop.example",
    shops: [{ platform: "woocommerce", shop: "my-shop.example", secretName: "stammkunde/shop/my-shop" }],
    schedules: { dispatch: "rate(5 minutes)", "fit-model": "cron(0 3 ? * SUN *)" },
    contactBudget: [{ limit: 2, window: "P7D" }],
    quietHours: "22:00-07:30",
    defaultTimeZone: "Europe/Vienna",
    breaker: { maxComplaintRate: 0.0008 },
    holdout: 0.2,
    sunsetMonths: 9,
    sesMaxSendRate: 5,
  };
  let synth: Synthesised;
  beforeAll(() => {
    // As `cdk synth -c config=<file>` reads it.
    synth = synthesise({}, { config: configFile(config) });
  }, 180_000);

  it("passes the engine settings to the functions that send, and only to them", () => {
    const expected = {
      SENDER: "news@mail.shop.example",
      QUIET_HOURS: "22:00-07:30",
      DEFAULT_TIME_ZONE: "Europe/Vienna",
      CONTACT_BUDGET: "2/P7D",
      BREAKER_MAX_COMPLAINT_RATE: "0.0008",
      BREAKER_MAX_BOUNCE_RATE: "0.02",
      BREAKER_WINDOW_DAYS: "7",
      BREAKER_MIN_SENDS: "500",
      SUNSET_MONTHS: "9",
      CAMPAIGN_HOLDOUT: "0.2",
      SES_MAX_SEND_RATE: "5",
    };
    for (const id of ["dispatch-messages", "track-journeys"])
      expect(envOf(synth.template, id)).toMatchObject(expected);
    expect(envOf(synth.template, "apply-shop-event")).not.toHaveProperty("QUIET_HOURS");
  });

  it("runs the jobs on the configured schedules", () => {
    const rules = Object.values(resources(synth.template, "AWS::Events::Rule"));
    const expression = (job: string) =>
      rules.find((r) => r.Properties.Description === SCHEDULES.find((s) => s.job === job)?.description)
        ?.Properties.ScheduleExpression;
    expect(expression("dispatch")).toBe("rate(5 minutes)");
    expect(expression("fit-model")).toBe("cron(0 3 ? * SUN *)");
    expect(expression("churn-sweep")).toBe("cron(0 4 * * ? *)");
  });

  it("lets receive-webhooks read each configured shop's secret by name, and nothing else does", () => {
    expect(envOf(synth.template, "receive-webhooks").SHOP_SECRET_IDS).toBe(
      JSON.stringify({ "woocommerce:my-shop.example": "stammkunde/shop/my-shop" }),
    );
    const policies = JSON.stringify(resources(synth.template, "AWS::IAM::Policy"));
    expect(policies.match(/secret:stammkunde\/shop\/my-shop-\?\?\?\?\?\?/g)).toHaveLength(1);
    expect(functionProps(synth.template, "receive-webhooks")).toBeDefined();
  });

  it("subscribes the alarm address", () => {
    const subscriptions = Object.values(resources(synth.template, "AWS::SNS::Subscription"));
    expect(subscriptions.map((s) => s.Properties.Endpoint)).toEqual(["ops@shop.example"]);
  });

  it("stops synth on a bad file with the field named", () => {
    const bad = configFile({ quietHours: "late" });
    expect(() => synthesise({}, { config: bad })).toThrow(/quietHours: must be "HH:MM-HH:MM"/);
  });
});

describe("npx cdk synth with a bad configuration", () => {
  it("exits non-zero with one line naming the field, before bundling anything", async () => {
    const bad = configFile({ schedules: { "churn-sweep": "daily" } });
    const run = promisify(execFile)(
      "npx",
      ["cdk", "synth", "--quiet", "--no-notices", "-c", `config=${bad}`],
      {
        cwd: ROOT,
        env: { ...process.env, CDK_DISABLE_VERSION_CHECK: "true", CDK_DISABLE_CLI_TELEMETRY: "true" },
      },
    );
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringContaining(
        `stammkunde config ${bad} is invalid: schedules.churn-sweep: must be an EventBridge schedule`,
      ),
    });
  }, 120_000);
});
