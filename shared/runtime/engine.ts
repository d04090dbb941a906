import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

import { z } from "zod";
import { type BudgetRule, DEFAULT_BUDGET } from "../campaigns/budget";
import { loadCampaigns } from "../campaigns/catalog";
import { DEFAULT_ENGINE_CONFIG } from "../campaigns/decide";
import type { CampaignInput } from "../campaigns/definition";
import type { DeliveryDeps } from "../campaigns/deliver";
import { isDuration } from "../campaigns/duration";
import { DEFAULT_BREAKER, SUNSET_MONTHS } from "../campaigns/guardrails";
import { DynamoCatalogStore } from "../catalog/catalog-store";
import { recommendProducts } from "../catalog/recommend";
import { MailSettingsEnv } from "../email/brand";
import { RateLimiter } from "../email/rate-limiter";
import { type SendLimiter, SesMailer, type SesSendClient } from "../email/ses-mailer";
import type { EventBus } from "../messaging/event-bus";
import type { CapacityMeter } from "../persistence/capacity";
import { DispatchLease } from "../persistence/dispatch-lease";
import { DynamoErasureGuard } from "../persistence/erasure-guard";
import { JourneyStore } from "../persistence/journey-store";
import { DynamoProfileStore } from "../persistence/profile-store";
import { DynamoSendStats } from "../persistence/send-stats";
import { suppressionHash, suppressionKeys } from "../persistence/suppression-store";
import { confirmLinkBuilder } from "../privacy/confirm-link";
import { customerLink } from "../security/tokens";
import { referralCode } from "../surveys/referral-code";
import { surveyLinkBuilder } from "../surveys/survey-link";
import { LOCAL_DEFAULTS } from "./config";

/** The contact budget as one env value: `1/P1D,3/P7D` (1 mail per day and 3 per week). */
export function formatBudget(rules: readonly BudgetRule[]): string {
  return rules.map((r) => `${r.limit}/${r.window}`).join(",");
}

const ContactBudget = z
  .string()
  .default(formatBudget(DEFAULT_BUDGET))
  .transform((text, ctx): BudgetRule[] => {
    const rules = text.split(",").map((part) => {
      const [limit = "", window = ""] = part.trim().split("/");
      return { limit: Number(limit), window };
    });
    if (rules.every((r) => Number.isInteger(r.limit) && r.limit >= 1 && isDuration(r.window))) return rules;
    ctx.addIssue({
      code: "custom",
      message: 'must be "<limit>/<ISO-8601 duration>,...", e.g. "1/P1D,3/P7D"',
    });
    return z.NEVER;
  });

/** The campaign engine's settings, from the environment (both hosts), with the documented defaults. */
export const EngineEnv = z.object({
  SENDER: z.string().min(3).default(LOCAL_DEFAULTS.SENDER),
  /** Where links in emails point: the API's public URL. */
  PUBLIC_BASE_URL: z.url().default("http://127.0.0.1:3000"),
  SES_CONFIGURATION_SET: z.string().min(1).optional(),
  /**
   * Mails per second at most. Locally the rate limiter's rate (default 14, SES's sandbox rate);
   * in AWS a cap below the account's MaxSendRate, which dispatch reads from GetAccount.
   */
  SES_MAX_SEND_RATE: z.coerce.number().min(1).optional(),
  /** Contact budget: at most <limit> lifecycle and promotional mails per rolling <window>, all must hold. */
  CONTACT_BUDGET: ContactBudget,
  DEFAULT_TIME_ZONE: z.string().default(DEFAULT_ENGINE_CONFIG.defaultTimeZone),
  QUIET_HOURS: z
    .string()
    .regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/, 'must be "HH:MM-HH:MM"')
    .default(`${DEFAULT_ENGINE_CONFIG.quietHours.start}-${DEFAULT_ENGINE_CONFIG.quietHours.end}`),
  /** Overrides every campaign's control-group share (0-0.5); unset, each campaign's own (default 0.1). */
  CAMPAIGN_HOLDOUT: z.coerce.number().min(0).max(0.5).optional(),
  /** Circuit breaker (shared/campaigns/guardrails.ts): promotional mail pauses above these rates. */
  BREAKER_MAX_COMPLAINT_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_BREAKER.maxComplaintRate),
  BREAKER_MAX_BOUNCE_RATE: z.coerce.number().min(0).max(1).default(DEFAULT_BREAKER.maxBounceRate),
  BREAKER_WINDOW_DAYS: z.coerce.number().int().min(1).max(30).default(DEFAULT_BREAKER.windowDays),
  BREAKER_MIN_SENDS: z.coerce.number().int().min(1).default(DEFAULT_BREAKER.minSends),
  /** Sunset policy: no marketing mail after this many months without an open or click. */
  SUNSET_MONTHS: z.coerce.number().int().min(1).default(SUNSET_MONTHS),
  /** Brand and UTM settings per shop, as JSON (shared/email/brand.ts); unset, the example shop. */
  MAIL_SETTINGS: MailSettingsEnv,
});
export type EngineEnv = z.infer<typeof EngineEnv>;

/** The rate limiter's rate where nothing else says: SES's sandbox rate. */
const LOCAL_SEND_RATE = 14;

/** How long unsubscribe links work: long, since an expired one can no longer unsubscribe. */
const UNSUBSCRIBE_LINK_SECONDS = 2 * 365 * 24 * 3600;

export interface EngineAdapters {
  db: DynamoDBDocumentClient;
  tableName: string;
  ses: SesSendClient;
  bus: EventBus;
  tokenKey: string;
  suppressionSalt: string;
  meter?: CapacityMeter;
  limiter?: SendLimiter;
  /** The campaigns to run instead of the playbook (the bench runs a campaign without a wait). */
  campaigns?: readonly CampaignInput[];
}

/** Builds what delivery needs from adapters and settings: the one wiring both hosts share. */
export function engineDeps(env: EngineEnv, a: EngineAdapters): DeliveryDeps {
  const campaigns = loadCampaigns(a.campaigns);
  const catalog = new DynamoCatalogStore(a.db, a.tableName);
  const [start = "21:00", end = "08:00"] = env.QUIET_HOURS.split("-");
  return {
    journeys: new JourneyStore(a.db, a.tableName, a.meter),
    profiles: new DynamoProfileStore(a.db, a.tableName, a.meter),
    mailer: new SesMailer({
      client: a.ses,
      limiter: a.limiter ?? new RateLimiter({ maxPerSecond: env.SES_MAX_SEND_RATE ?? LOCAL_SEND_RATE }),
    }),
    bus: a.bus,
    campaigns: new Map(campaigns.map((c) => [c.id, c])),
    config: {
      ...DEFAULT_ENGINE_CONFIG,
      quietHours: { start, end },
      budget: env.CONTACT_BUDGET,
      defaultTimeZone: env.DEFAULT_TIME_ZONE,
      ...(env.CAMPAIGN_HOLDOUT !== undefined ? { holdoutOverride: env.CAMPAIGN_HOLDOUT } : {}),
      breaker: {
        ...DEFAULT_BREAKER,
        maxComplaintRate: env.BREAKER_MAX_COMPLAINT_RATE,
        maxBounceRate: env.BREAKER_MAX_BOUNCE_RATE,
        windowDays: env.BREAKER_WINDOW_DAYS,
        minSends: env.BREAKER_MIN_SENDS,
      },
      sunsetMonths: env.SUNSET_MONTHS,
    },
    stats: new DynamoSendStats(a.db, a.tableName),
    dispatchLease: new DispatchLease(a.db, a.tableName),
    erasures: new DynamoErasureGuard(a.db, a.tableName, () => a.suppressionSalt),
    sender: env.SENDER,
    mail: env.MAIL_SETTINGS,
    ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
    unsubscribeUrl: (instance, email) =>
      customerLink(
        {
          base: env.PUBLIC_BASE_URL,
          path: "/unsubscribe",
          purpose: "unsubscribe",
          seconds: UNSUBSCRIBE_LINK_SECONDS,
          key: a.tokenKey,
        },
        { ...instance, email },
        new Date(),
      ),
    suppressionKeys: (email, shop) => suppressionKeys(suppressionHash(email, a.suppressionSalt), shop),
    confirmUrl: confirmLinkBuilder(env.PUBLIC_BASE_URL, a.tokenKey),
    surveyUrl: surveyLinkBuilder(env.PUBLIC_BASE_URL, a.tokenKey),
    referralCode: (instance) => referralCode(a.tokenKey, instance.shop, instance.customerKey),
    products: (shop, request) => recommendProducts(catalog, shop, request),
  };
}
