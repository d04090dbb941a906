// The intelligence models count time in whole days (UTC day numbers since 1970-01-01). Shops
// export local dates; the day is what matters for "repeat purchases on distinct days", so the
// clock time and zone of a timestamp are dropped rather than converted.

const MS_PER_DAY = 86_400_000;

/**
 * Accepts 2010-06-30, 20100630, 2010-06-30 07:45:00, 2010-06-30T07:45:00Z and the US export
 * style 6/30/2010 7:45. Returns undefined for anything else, so callers can name the bad field.
 */
export function parseDay(text: string): number | undefined {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])/.exec(s);
  if (m) return toDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return toDay(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:$| )/.exec(s);
  if (m) return toDay(Number(m[3]), Number(m[1]), Number(m[2]));
  return undefined;
}

function toDay(year: number, month: number, day: number): number | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2010-02-31 over into March; a rolled date is a typo, not a day.
  if (new Date(ms).getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

export function formatDay(day: number): string {
  return new Date(Math.round(day) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The day a timestamp falls on, for callers that hold an injected clock. */
export function dayOf(date: Date): number {
  return Math.floor(date.getTime() / MS_PER_DAY);
}
