/**
 * Exact decimal arithmetic on the decimal strings that carry money ("129.90"). BigInt scaled by
 * the larger number of fraction digits: no float ever touches an amount.
 */

interface Scaled {
  units: bigint;
  scale: number;
}

function parse(s: string): Scaled {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal amount: ${JSON.stringify(s)}`);
  const frac = m[3] ?? "";
  const units = BigInt(`${m[2]}${frac}` || "0");
  return { units: m[1] === "-" ? -units : units, scale: frac.length };
}

function rescale(a: Scaled, scale: number): bigint {
  return a.units * 10n ** BigInt(scale - a.scale);
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  let frac = scale > 0 ? digits.slice(digits.length - scale) : "";
  // Keep two fraction digits (money) but drop noise beyond them: "12.500" -> "12.50", "3" -> "3.00".
  frac = frac.replace(/0+$/, "").padEnd(2, "0");
  const out = `${int}.${frac}`;
  return negative && units !== 0n ? `-${out}` : out;
}

export function addDecimal(a: string, b: string): string {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  return format(rescale(x, scale) + rescale(y, scale), scale);
}

export function subDecimal(a: string, b: string): string {
  return addDecimal(a, negateDecimal(b));
}

export function negateDecimal(a: string): string {
  const x = parse(a);
  return format(-x.units, x.scale);
}

/** An amount times a whole quantity (a line of an order: quantity x unit price), exactly. */
export function multiplyDecimal(a: string, quantity: number): string {
  if (!Number.isSafeInteger(quantity)) throw new Error(`not a whole quantity: ${quantity}`);
  const x = parse(a);
  return format(x.units * BigInt(quantity), x.scale);
}

export function compareDecimal(a: string, b: string): -1 | 0 | 1 {
  const x = parse(a);
  const y = parse(b);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

export function sumDecimals(values: Iterable<string>): string {
  let total = "0";
  for (const v of values) total = addDecimal(total, v);
  return total;
}

export function normaliseDecimal(a: string): string {
  const x = parse(a);
  return format(x.units, x.scale);
}

/** Only for statistics (RFM scores, models), never for stored money. */
export function decimalToNumber(a: string): number {
  return Number(a);
}
