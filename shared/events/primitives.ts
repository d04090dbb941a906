import { z } from "zod";

/** A decimal amount as a string ("129.90", "-5", "0.5"): money never passes through a float. */
export const DecimalString = z
  .string()
  .regex(/^-?\d{1,15}(\.\d{1,6})?$/, 'must be a decimal string such as "129.90"');

export const CurrencyCode = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as "EUR"');

export const Money = z.object({ amount: DecimalString, currency: CurrencyCode });
export type Money = z.infer<typeof Money>;

/** ISO-8601 with a zone offset; normalised to UTC with millisecond precision so strings sort as times. */
export const IsoDateTime = z
  .string()
  .refine(
    (s) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s) &&
      !Number.isNaN(Date.parse(s)),
    {
      message: 'must be an ISO-8601 date-time with a zone, such as "2026-11-02T09:15:00Z"',
    },
  )
  .transform((s) => new Date(s).toISOString());

/** Ids from shops are strings: 18-digit integers do not survive JSON numbers. */
export const ExternalId = z.string().min(1).max(200);

export const TimeZone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as "Europe/Berlin"' },
);

/**
 * A link a mail may put in an `href` (a cart, a product): http or https only, so an event can never
 * plant a `javascript:` or `data:` link. Every URL field of the catalog uses this.
 */
export const WebUrl = z
  .url({ protocol: /^https?$/, message: "must be an http or https URL" })
  .max(2000, "must be at most 2000 characters");
