/**
 * Renders a campaign's template for one customer. Deliberately a tiny Mustache subset:
 * `{{name}}`, `{{#name}}shown if name is non-empty{{/name}}` and `{{^name}}shown if empty{{/name}}`.
 * Every tag is checked before anything is rendered, whatever the data, so a campaign definition
 * that names a variable the engine does not provide fails its tests instead of mailing customers
 * a blank.
 */
export interface EmailTemplate {
  subject: string;
  html: string;
  text: string;
}

export type TemplateVars = Record<string, string | number | undefined>;

type Part = keyof EmailTemplate;

/** A wrong template (not wrong data): names the part and the placeholder so the campaign can be fixed. */
export class TemplateError extends Error {
  constructor(
    readonly part: Part,
    readonly placeholder: string,
    problem: string,
  ) {
    super(`template ${part}: ${problem}: ${placeholder}`);
    this.name = "TemplateError";
  }
}

const TAG = /\{\{\s*([#^/]?)\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

export function renderTemplate(template: EmailTemplate, vars: TemplateVars): EmailTemplate {
  for (const part of ["subject", "html", "text"] as const) validate(part, template[part], vars);
  return {
    subject: singleLine(render(template.subject, vars, String)),
    html: render(template.html, vars, escapeHtml),
    text: render(template.text, vars, String),
  };
}

function validate(part: Part, source: string, vars: TemplateVars): void {
  const open: string[] = [];
  for (const match of source.matchAll(TAG)) {
    const kind = match[1] ?? "";
    const name = match[2] ?? "";
    const tag = match[0];
    if (!NAME.test(name)) throw new TemplateError(part, tag, "malformed placeholder");
    if (!Object.hasOwn(vars, name)) throw new TemplateError(part, tag, "unknown variable");
    if (kind === "#" || kind === "^") {
      // The renderer matches a section to the first closing tag of its name.
      if (open.includes(name)) throw new TemplateError(part, tag, "section nested in itself");
      open.push(name);
    }
    if (kind === "/" && open.pop() !== name)
      throw new TemplateError(part, tag, "section end without its start");
  }
  const unclosed = open.pop();
  if (unclosed !== undefined) throw new TemplateError(part, `{{#${unclosed}}}`, "section never closed");
  // A lone "{{" or "}}" left over would reach the customer verbatim.
  const leftover = source.replace(TAG, "");
  for (const brace of ["{{", "}}"]) {
    const at = leftover.indexOf(brace);
    if (at >= 0) throw new TemplateError(part, leftover.slice(Math.max(0, at - 10), at + 12), "stray braces");
  }
}

function isPresent(value: string | number | undefined): boolean {
  return value !== undefined && String(value).trim() !== "";
}

/**
 * One pass over the template: each tag is replaced once, and what a value brings in is never
 * scanned again, so a first name of "{{unsubscribeUrl}}" stays those characters. Names are looked
 * up among the variables' own properties only ("constructor" is not a variable). Sections nest
 * as `validate` checked: a section's end closes the innermost open one.
 */
function render(source: string, vars: TemplateVars, encode: (value: string) => string): string {
  let out = "";
  let last = 0;
  const hidden: boolean[] = [];
  const isHidden = () => hidden[hidden.length - 1] ?? false;
  for (const match of source.matchAll(TAG)) {
    if (!isHidden()) out += source.slice(last, match.index);
    last = match.index + match[0].length;
    const kind = match[1] ?? "";
    const value = lookup(vars, match[2] ?? "");
    if (kind === "#" || kind === "^") hidden.push(isHidden() || isPresent(value) !== (kind === "#"));
    else if (kind === "/") hidden.pop();
    else if (!isHidden() && value !== undefined) out += encode(String(value));
  }
  return out + source.slice(last);
}

function lookup(vars: TemplateVars, name: string): string | number | undefined {
  return Object.hasOwn(vars, name) ? vars[name] : undefined;
}

export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** A subject is a mail header: a CR or LF in it (say, from a first name) would start a new header. */
function singleLine(subject: string): string {
  let out = "";
  for (const char of subject) {
    const code = char.codePointAt(0) ?? 0;
    const control = code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029 || code === 0x85;
    out += control ? " " : char;
  }
  return out.replace(/ {2,}/g, " ").trim();
}

/**
 * The template locale for a customer: the exact tag if available ("de-AT"), else the language
 * ("de-DE" -> "de"), else an available regional variant of the language ("de" -> "de-DE"), else
 * `fallback`. Comparison ignores case and accepts "de_DE".
 */
export function pickLocale(available: string[], profileLocale: string | null, fallback: string): string {
  if (!profileLocale) return fallback;
  const norm = (tag: string) => tag.trim().replaceAll("_", "-").toLowerCase();
  const wanted = norm(profileLocale);
  const language = wanted.split("-")[0] ?? wanted;
  return (
    available.find((tag) => norm(tag) === wanted) ??
    available.find((tag) => norm(tag) === language) ??
    available.find((tag) => norm(tag).split("-")[0] === language) ??
    fallback
  );
}

/**
 * RFC 8058 one-click unsubscribe. The URL must be https (mailbox providers ignore anything else);
 * plain http is accepted only for the local host.
 */
export function unsubscribeHeaders(url: string): { name: string; value: string }[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError("unsubscribeHeaders: url is not an absolute URL");
  }
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(parsed.protocol === "http:" && local)) {
    throw new TypeError(`unsubscribeHeaders: url must be https, got ${parsed.protocol}`);
  }
  // URL's serialisation percent-encodes anything that could break out of the <...> or the header.
  return [
    { name: "List-Unsubscribe", value: `<${parsed.href}>` },
    { name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" },
  ];
}
