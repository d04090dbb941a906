/**
 * Model output is stored in DynamoDB, whose numbers have no Infinity or NaN and underflow below
 * 1e-130 (a P(alive) of 1e-200 is rejected, not rounded). Everything the jobs write goes through
 * `storable`: non-finite numbers become null, negligible ones 0, the rest keeps 10 digits.
 */
export function storable<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return null;
    return Math.abs(value) < 1e-12 ? 0 : Number(value.toPrecision(10));
  }
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out;
  }
  return value;
}

/** A probability or count for people to read and campaigns to compare: 4 decimals. */
export const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
