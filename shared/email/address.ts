/** A plain address: no display name, one "@", a dotted domain (group 1). The configuration checks it too. */
export const PLAIN_ADDRESS = /^[^\s@<>"]+@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/;

/**
 * The From header value `"<display name>" <address>` (RFC 5322). An ASCII name is a quoted string
 * (`\` and `"` escaped); a name with other characters ("Kaffeehaus Müller") is RFC 2047
 * encoded-words, since SES refuses raw non-ASCII in an address header and a quoted string may not
 * hold encoded-words. Each word stays within RFC 2047's 75 characters.
 */
export function fromHeader(displayName: string, address: string): string {
  const name = withoutControls(displayName).trim();
  if (name === "") return address;
  if (/^[\x20-\x7e]*$/.test(name)) return `"${name.replace(/[\\"]/g, (c) => `\\${c}`)}" <${address}>`;
  return `${encodedWords(name).join(" ")} <${address}>`;
}

/** `=?UTF-8?B?...?=` words of at most 45 bytes each (60 base64 characters, 72 with the frame). */
function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = "";
  for (const char of text) {
    if (Buffer.byteLength(chunk + char, "utf8") > 45) {
      words.push(chunk);
      chunk = "";
    }
    chunk += char;
  }
  if (chunk) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`);
}

/** Reads encoded-words back (tests, and whoever shows a From line); anything else is kept. */
export function decodeHeader(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?UTF-8\?B\?([A-Za-z0-9+/=]*)\?=/gi, (_all, b64: string) =>
      Buffer.from(b64, "base64").toString("utf8"),
    );
}

/** Control characters (C0, DEL) as spaces: in a header they could end it and start another. */
export function withoutControls(text: string): string {
  let out = "";
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    out += code < 0x20 || code === 0x7f ? " " : char;
  }
  return out;
}
