import { z } from "zod";
import { LIFECYCLE_STAGES } from "../domain/lifecycle";
import { EVENT_TYPES } from "../events/catalog";
import { isDuration } from "./duration";

/**
 * A campaign as code: trigger, wait, exits, audience, priority, re-entry and a template per
 * locale. Definitions are validated with this schema when the catalog is loaded, by `npm test`
 * and by `cdk synth`, so a wrong definition fails with the campaign and field named.
 */

const Duration = z
  .string()
  .refine(isDuration, { message: 'must be an ISO-8601 duration such as "PT4H" or "P7D"' });
const LocalTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time "HH:MM"');
/** Where a condition reads: the trigger event or the customer's profile (see ./conditions.ts). */
const Path = z
  .string()
  .regex(/^(event|profile)(\.[A-Za-z0-9_-]+)+$/, 'must start with "event." or "profile."');

export const Condition = z.discriminatedUnion("op", [
  z.object({ path: Path, op: z.enum(["eq", "neq"]), value: z.union([z.string(), z.number(), z.boolean()]) }),
  z.object({ path: Path, op: z.enum(["gt", "gte", "lt", "lte"]), value: z.union([z.string(), z.number()]) }),
  z.object({ path: Path, op: z.enum(["exists", "missing", "not-empty", "empty"]) }),
  z.object({ path: Path, op: z.literal("contains"), value: z.string() }),
  z.object({ path: Path, op: z.literal("in"), value: z.array(z.string()).min(1) }),
  /** Money at least a per-currency threshold; amounts in other currencies never match. */
  z.object({
    path: Path,
    op: z.literal("money-gte"),
    value: z.record(z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^\d+(\.\d+)?$/)),
  }),
]);
export type Condition = z.infer<typeof Condition>;

export const PRIORITIES = ["transactional", "service", "lifecycle", "promotional"] as const;
export type Priority = (typeof PRIORITIES)[number];

const Wait = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }),
  z.object({ kind: z.literal("delay"), duration: Duration }),
  /** After at least `after`, at the next `at` in the customer's time zone. */
  z.object({ kind: z.literal("local-time"), after: Duration.default("PT0S"), at: LocalTime }),
  /** A date on the profile (e.g. `profile.predictions.nextOrderAt`) plus an offset (may be negative: "-P3D"). */
  z.object({ kind: z.literal("profile-date"), path: Path, offset: z.string().regex(/^-?P/).default("PT0S") }),
]);

const Exit = z.discriminatedUnion("kind", [
  /** An event of this type (and conditions) ends the journey; `sameKey`: only for the same correlation key. */
  z.object({
    kind: z.literal("event"),
    event: z.enum(EVENT_TYPES),
    where: z.array(Condition).default([]),
    sameKey: z.boolean().default(true),
  }),
  /** Any order after the trigger ends it. */
  z.object({ kind: z.literal("order-since") }),
]);

const Reentry = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("once-ever") }),
  z.object({ kind: z.literal("once-per-key") }),
  z.object({ kind: z.literal("cooldown"), duration: Duration }),
]);

const Template = z.object({
  subject: z.string().min(1).max(200),
  html: z.string().min(1),
  text: z.string().min(1),
  /** The line a mail app shows after the subject; may use the same placeholders. */
  preheader: z.string().max(200).optional(),
});

export const Campaign = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "must be kebab-case"),
  name: z.string().min(1),
  description: z.string().min(1),
  enabled: z.boolean().default(true),
  priority: z.enum(PRIORITIES),
  trigger: z.object({
    event: z.enum(EVENT_TYPES),
    where: z.array(Condition).default([]),
    /** The path of the correlation key (order id, checkout id, coupon...); none: one key per customer. */
    correlate: Path.optional(),
  }),
  wait: Wait,
  exits: z.array(Exit).default([]),
  audience: z
    .object({
      stages: z.array(z.enum(LIFECYCLE_STAGES)).optional(),
      where: z.array(Condition).default([]),
    })
    .default({ where: [] }),
  reentry: Reentry,
  /** A deferred message (budget, quiet hours) is skipped as expired after this long past its first due time. */
  maxDeferral: Duration.default("P3D"),
  /**
   * The share of eligible customers kept as a control group and not mailed (0-0.5; 0 allowed),
   * default 0.1 (./holdout.ts); transactional campaigns never hold back.
   */
  holdout: z.number().min(0).max(0.5).optional(),
  /**
   * A block of up to three products available at send time (shared/catalog): of the related
   * category of the trigger's order (`cross-sell`), of the category the customer buys again
   * (`repeat-category`), or the related category of the order, else the first category the
   * customer bought (`related`: the templates' crossSellCategory / recommendedCategory). `required`: the block is the point of the mail, so
   * without an available product it is skipped (`no-products`) instead of sent without one.
   */
  products: z
    .object({
      from: z.enum(["cross-sell", "repeat-category", "related"]),
      required: z.boolean().default(false),
    })
    .optional(),
  templates: z
    .record(z.string().regex(/^[a-z]{2}$/), Template)
    .refine((t) => "de" in t && "en" in t, { message: 'needs at least a "de" and an "en" template' }),
});
export type Campaign = z.infer<typeof Campaign>;
export type CampaignInput = z.input<typeof Campaign>;

/** Parses a list of definitions; throws one message naming each wrong campaign and field. */
export function defineCampaigns(inputs: readonly CampaignInput[]): Campaign[] {
  const problems: string[] = [];
  const out: Campaign[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const name = typeof input?.id === "string" ? input.id : `#${i}`;
    const parsed = Campaign.safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`campaign ${name}: ${issue.path.join(".") || "(definition)"}: ${issue.message}`);
      return;
    }
    if (seen.has(parsed.data.id)) problems.push(`campaign ${name}: id: is used twice`);
    seen.add(parsed.data.id);
    out.push(parsed.data);
  });
  if (problems.length) throw new Error(`invalid campaign definitions:\n  ${problems.join("\n  ")}`);
  return out;
}
