import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Node } from "constructs";
import { z } from "zod";
import { DEFAULT_BUDGET } from "../../shared/campaigns/budget";
import { DEFAULT_ENGINE_CONFIG } from "../../shared/campaigns/decide";
import { isDuration } from "../../shared/campaigns/duration";
import { DEFAULT_BREAKER, SUNSET_MONTHS } from "../../shared/campaigns/guardrails";
import { SHOP_ID } from "../../shared/connectors/common";
import { PLATFORMS } from "../../shared/connectors/index";
import { SCHEDULES } from "../../shared/events/routing";
import { EngineEnv, formatBudget } from "../../shared/runtime/engine";
import { brandFields, mailSettingsEnv, shopBrandFields } from "./config-mail";
import { DEFAULT_SENDER, PLAIN_ADDRESS } from "./email";

/**
 * The deployment's configuration: one typed object, validated when the app synthesises, so a
 * wrong value stops `cdk synth` / `cdk deploy` with the field named instead of surfacing at the
 * first cold start. Every default is what the stack did before there was a configuration.
 *
 * Where it comes from (README "Deploy"): the JSON file named by context `config`
 * (`cdk deploy -c config=stammkunde.config.json`, a path relative to the working directory), then
 * contexts `sender` and `alarmEmail`, which override the file's fields of the same name.
 */

const Address = z
  .string()
  .regex(PLAIN_ADDRESS, "must be a plain email address such as shop@your-shop.example");
const Schedule = z.string().regex(
  // EventBridge wants the singular for 1 and the plural above it ("rate(1 minutes)" fails at deploy).
  /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+ \S+ \S+ \S+ \S+ \S+\))$/,
  'must be an EventBridge schedule such as "rate(1 minute)" or "cron(0 2 ? * MON *)"',
);
const schedule = (job: (typeof SCHEDULES)[number]["job"]) =>
  Schedule.default(SCHEDULES.find((s) => s.job === job)?.rate ?? "");
const Share = z.number().min(0).max(1);

export const Shop = z.object({
  platform: z.enum(PLATFORMS),
  /** The platform's identity, as its webhooks name the shop: `my-shop.myshopify.com`, a WooCommerce host name, a Shopware shop id. */
  shop: z.string().regex(SHOP_ID, "must be the shop's identity as its webhooks name it"),
  /**
   * The Secrets Manager secret holding this shop's own webhook secret (a WooCommerce webhook's
   * secret, a Shopware shop secret). The stack grants receive-webhooks read access to it; the
   * value never enters the template. Shops not listed use their platform's secret.
   */
  secretName: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, "must be a Secrets Manager secret name"),
  ...shopBrandFields,
});

export const DeployConfig = z
  .object({
    /** The From address of every mail; its domain is the SES identity to verify. */
    sender: Address.default(DEFAULT_SENDER),
    /** Subscribed to the alarm topic (confirm the mail SNS sends). */
    alarmEmail: Address.optional(),
    shops: z
      .array(Shop)
      .default([])
      .superRefine((shops, ctx) => {
        const seen = new Set<string>();
        shops.forEach((s, i) => {
          const id = `${s.platform}:${s.shop}`;
          if (seen.has(id))
            ctx.addIssue({ code: "custom", path: [i, "shop"], message: `${id} is listed twice` });
          seen.add(id);
        });
      }),
    schedules: z
      .object({
        dispatch: schedule("dispatch"),
        "fit-model": schedule("fit-model"),
        "churn-sweep": schedule("churn-sweep"),
      })
      .strict()
      .prefault({}),
    /** At most `limit` lifecycle and promotional mails per rolling `window` (ISO-8601), per customer. */
    contactBudget: z
      .array(
        z.object({
          limit: z.number().int().min(1),
          window: z.string().refine(isDuration, "must be an ISO-8601 duration such as P1D or P7D"),
        }),
      )
      .min(1)
      .default(DEFAULT_BUDGET.map((r) => ({ ...r }))),
    /** No lifecycle or promotional mail in this span of the customer's local time. */
    quietHours: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'must be "HH:MM-HH:MM", e.g. "21:00-08:00"')
      .default(`${DEFAULT_ENGINE_CONFIG.quietHours.start}-${DEFAULT_ENGINE_CONFIG.quietHours.end}`),
    /** For customers whose time zone is unknown. */
    defaultTimeZone: z
      .string()
      .refine((zone) => isTimeZone(zone), "must be an IANA time zone such as Europe/Berlin")
      .default(DEFAULT_ENGINE_CONFIG.defaultTimeZone),
    breaker: z
      .object({
        maxComplaintRate: Share.default(DEFAULT_BREAKER.maxComplaintRate),
        maxBounceRate: Share.default(DEFAULT_BREAKER.maxBounceRate),
        windowDays: z.number().int().min(1).max(30).default(DEFAULT_BREAKER.windowDays),
        minSends: z.number().int().min(1).default(DEFAULT_BREAKER.minSends),
      })
      .strict()
      .prefault({}),
    /** Overrides every campaign's control-group share (0 to 0.5); absent, each campaign's own. */
    holdout: z.number().min(0).max(0.5).optional(),
    /** No marketing mail after this many months without an open or click. */
    sunsetMonths: z.number().int().min(1).max(120).default(SUNSET_MONTHS),
    /** A cap on mails per second below the account's SES MaxSendRate (e.g. while a domain warms up). */
    sesMaxSendRate: z.number().min(1).optional(),
    ...brandFields,
  })
  .strict();
export type DeployConfig = z.infer<typeof DeployConfig>;
/** The configuration as written: every field optional. */
export type DeployConfigInput = z.input<typeof DeployConfig>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Parses a configuration, or throws one message naming every bad field. */
export function parseDeployConfig(input: unknown, source = "configuration"): DeployConfig {
  const parsed = DeployConfig.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
  throw new Error(`stammkunde ${source} is invalid: ${problems.join("; ")}`);
}

/** The configuration of a CDK app or stack, from its context (see the top of this file). */
export function deployConfigFromContext(node: Node): DeployConfig {
  const file = node.tryGetContext("config") as string | undefined;
  let fromFile: Record<string, unknown> = {};
  if (file) {
    const path = resolve(file);
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new Error(
        `stammkunde config: cannot read ${path} (context "config"): ${(error as Error).message}`,
      );
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`stammkunde config ${path} is not JSON: ${(error as Error).message}`);
    }
  }
  const overrides = Object.fromEntries(
    (["sender", "alarmEmail"] as const).flatMap((key) => {
      const value = node.tryGetContext(key) as string | undefined;
      return value === undefined ? [] : [[key, value]];
    }),
  );
  return parseDeployConfig({ ...fromFile, ...overrides }, file ? `config ${file}` : "configuration");
}

/**
 * The campaign engine's settings as the env of the functions that send (dispatch-messages,
 * track-journeys). Keyed by EngineEnv's own names and parsed with it here, at synth: the names live
 * only in that schema, and a value the functions would refuse at cold start fails synth instead.
 */
export function engineEnvironment(config: DeployConfig): Record<string, string> {
  const env: Partial<Record<keyof z.input<typeof EngineEnv>, string>> = {
    SENDER: config.sender,
    QUIET_HOURS: config.quietHours,
    DEFAULT_TIME_ZONE: config.defaultTimeZone,
    CONTACT_BUDGET: formatBudget(config.contactBudget),
    BREAKER_MAX_COMPLAINT_RATE: String(config.breaker.maxComplaintRate),
    BREAKER_MAX_BOUNCE_RATE: String(config.breaker.maxBounceRate),
    BREAKER_WINDOW_DAYS: String(config.breaker.windowDays),
    BREAKER_MIN_SENDS: String(config.breaker.minSends),
    SUNSET_MONTHS: String(config.sunsetMonths),
    MAIL_SETTINGS: mailSettingsEnv(config),
    ...(config.holdout !== undefined ? { CAMPAIGN_HOLDOUT: String(config.holdout) } : {}),
    ...(config.sesMaxSendRate !== undefined ? { SES_MAX_SEND_RATE: String(config.sesMaxSendRate) } : {}),
  };
  const checked = EngineEnv.safeParse(env);
  if (!checked.success)
    throw new Error(
      `stammkunde configuration gives the functions an env they refuse: ${checked.error.issues
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  // SENDER comes with the SES grant (email.ts); the rest is the engine's.
  const { SENDER: _sender, ...rest } = env;
  return rest as Record<string, string>;
}

/** The scheduled jobs with the configured expressions. */
export function configuredSchedules(config: DeployConfig) {
  return SCHEDULES.map((s) => ({ ...s, rate: config.schedules[s.job] }));
}
