/**
 * Wall-clock arithmetic in a customer's time zone with nothing but Intl: the local hour of an
 * instant, and the next instant at which the local clock shows a given time (DST-safe).
 */

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
  };
}

/** Minutes since local midnight. */
export function localMinutes(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  return p.hour * 60 + p.minute;
}

function offsetMs(instant: Date, timeZone: string): number {
  const p = localParts(instant, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
  return asUtc - Math.floor(instant.getTime() / 60_000) * 60_000;
}

/** The instant at which the local clock in `timeZone` shows the given date and time. */
export function zonedInstant(
  year: number,
  month: number,
  day: number,
  minutes: number,
  timeZone: string,
): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  let instant = guess - offsetMs(new Date(guess), timeZone);
  // Re-check once: the offset may differ on the other side of a DST change.
  instant = guess - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

export function parseHhMm(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** The first instant strictly after `after` at which the local clock shows `hhmm`. */
export function nextLocalTime(after: Date, timeZone: string, hhmm: string): Date {
  const p = localParts(after, timeZone);
  const minutes = parseHhMm(hhmm);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset++) {
    const date = new Date(Date.UTC(p.year, p.month - 1, p.day + dayOffset));
    const candidate = zonedInstant(
      date.getUTCFullYear(),
      date.getUTCMonth() + 1,
      date.getUTCDate(),
      minutes,
      timeZone,
    );
    if (candidate.getTime() > after.getTime()) return candidate;
  }
  throw new Error(`no local ${hhmm} after ${after.toISOString()} in ${timeZone}`);
}

/** Whether `instant` lies in the daily window [start, end) of local time (the window may span midnight). */
export function inLocalWindow(instant: Date, timeZone: string, start: string, end: string): boolean {
  const m = localMinutes(instant, timeZone);
  const s = parseHhMm(start);
  const e = parseHhMm(end);
  return s <= e ? m >= s && m < e : m >= s || m < e;
}
