import { z } from "zod";
import { normaliseDecimal } from "../domain/money";
import type { Customer } from "../events/catalog";
import { ShopEvent } from "../events/product-events";
import { type FieldIssue, zodIssues } from "../http/responses";
import type { Mapped } from "./common";

/**
 * Field schemas and builders shared by the platform mappers. Platform payloads are validated only
 * in the fields we read (a platform adds fields every release); what we emit is validated again
 * against the canonical catalog, so a mapper bug cannot put a malformed event on the bus.
 */

/** An id: a string, or an integer short enough to be exact (lossless-json made longer ones strings). */
export const IdField = z.union([z.string().trim().min(1), z.number().int().nonnegative()]).transform(String);

/** A decimal amount as text; JSON numbers (Shopware, WooCommerce) become their shortest decimal text. */
export function toDecimal(value: string | number): string | undefined {
  const text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value.trim();
  if (!/^-?\d{1,15}(\.\d{1,6})?$/.test(text)) return undefined;
  return normaliseDecimal(text);
}

export const AmountField = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const amount = toDecimal(value);
  if (amount === undefined) {
    ctx.addIssue({ code: "custom", message: 'must be a decimal amount such as "19.99"' });
    return z.NEVER;
  }
  return amount;
});

export const CurrencyField = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "EUR"');

const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const UNZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * A platform time as ISO-8601 UTC. `assumeUtc` is for WooCommerce's `*_gmt` fields, which are UTC
 * but carry no zone; a zone-less time anywhere else is refused rather than guessed.
 */
export function toIso(value: string, assumeUtc = false): string | undefined {
  let text = value.trim().replace(" ", "T");
  if (assumeUtc && UNZONED.test(text)) text += "Z";
  if (!ZONED.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function timeField(assumeUtc: boolean) {
  return z.string().transform((value, ctx) => {
    const iso = toIso(value, assumeUtc);
    if (iso === undefined) {
      ctx.addIssue({ code: "custom", message: "must be an ISO-8601 date-time with a zone" });
      return z.NEVER;
    }
    return iso;
  });
}
export const TimeField = timeField(false);
export const GmtTimeField = timeField(true);

const EmailCheck = z.email();
const LocaleCheck = /^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/;

export interface CustomerInput {
  id?: string | undefined;
  email?: string | null | undefined;
  firstName?: string | null | undefined;
  lastName?: string | null | undefined;
  locale?: string | null | undefined;
}

/**
 * The canonical customer, or undefined when the payload identifies nobody. Personal fields that
 * do not fit (a malformed address, a locale like "example string") are dropped, not refused: one
 * odd field must not make the platform retry a whole order forever.
 */
export function customerOf(input: CustomerInput): Customer | undefined {
  const email = input.email?.trim().toLowerCase();
  const validEmail = email && EmailCheck.safeParse(email).success ? email : undefined;
  const locale = input.locale?.trim();
  const customer: Customer = {
    ...(input.id ? { id: input.id } : {}),
    ...(validEmail ? { email: validEmail } : {}),
    ...(input.firstName?.trim() ? { firstName: input.firstName.trim().slice(0, 200) } : {}),
    ...(input.lastName?.trim() ? { lastName: input.lastName.trim().slice(0, 200) } : {}),
    ...(locale && LocaleCheck.test(locale) ? { locale } : {}),
  };
  return customer.id !== undefined || customer.email !== undefined ? customer : undefined;
}

/** A line total divided by its quantity, rounded half up, for a unit price without floats. */
export function dividedBy(amount: string, count: number): string {
  if (count <= 1) return normaliseDecimal(amount);
  const negative = amount.startsWith("-");
  const [int = "0", frac = ""] = amount.replace("-", "").split(".");
  const scale = Math.max(2, frac.length);
  const units = BigInt(int + frac.padEnd(scale, "0"));
  const q = (units * 2n + BigInt(count)) / (2n * BigInt(count));
  const digits = q.toString().padStart(scale + 1, "0");
  const sign = negative && q !== 0n ? "-" : "";
  return normaliseDecimal(`${sign}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

/** Validates mapped events against the catalog; any failure is ours, reported with its path. */
export function emit(candidates: readonly unknown[], warnings: string[] = []): Mapped {
  const events: ShopEvent[] = [];
  const issues: FieldIssue[] = [];
  candidates.forEach((candidate, i) => {
    const parsed = ShopEvent.safeParse(candidate);
    if (parsed.success) events.push(parsed.data);
    else issues.push(...zodIssues(parsed.error, ["(mapped event)", i]));
  });
  return issues.length > 0 ? { kind: "invalid", issues } : { kind: "events", events, warnings };
}

export function invalid(error: z.ZodError, prefix: (string | number)[] = []): Mapped {
  return { kind: "invalid", issues: zodIssues(error, prefix) };
}

/** Deduplicated, non-empty coupon codes, cut to the catalog's limits. */
export function couponCodes(codes: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const code of codes) if (code?.trim()) out.add(code.trim().slice(0, 100));
  return [...out].slice(0, 50);
}
