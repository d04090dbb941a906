/**
 * JSON.parse that keeps integer literals of 16 or more digits as strings. Shopify's order and
 * customer ids are 18-digit integers; a JS number holds only 15-16 significant digits, so
 * `820982911946154508` would silently become `820982911946154500`. The literal is taken from the
 * raw text before any number exists. Decimals and shorter integers parse as usual.
 *
 * A single linear scan (no regex backtracking): Shopware bodies are parsed before their signature
 * is checked, so the input may be hostile.
 */
export function parseLosslessJson(text: string): unknown {
  // Fast path: without a run of 16 digits there is nothing a number could lose.
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  return JSON.parse(quoteLongIntegers(text));
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Characters that may continue a JSON number token: digits, '.', 'e', 'E', '+', '-'. */
function continuesNumber(c: number): boolean {
  return isDigit(c) || c === 0x2e || c === 0x65 || c === 0x45 || c === 0x2b || c === MINUS;
}

function quoteLongIntegers(text: string): string {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip the whole string literal, escapes included, so digits inside strings stay untouched.
      i++;
      while (i < text.length) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i += 2;
        else {
          i++;
          if (d === QUOTE) break;
        }
      }
    } else if (c === MINUS || isDigit(c)) {
      const start = i;
      i++;
      while (i < text.length && continuesNumber(text.charCodeAt(i))) i++;
      const token = text.slice(start, i);
      if (/^-?\d{16,}$/.test(token)) {
        parts.push(text.slice(copied, start), `"${token}"`);
        copied = i;
      }
    } else {
      i++;
    }
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join("");
}
