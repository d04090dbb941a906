import type { HttpResult } from "./responses";

/**
 * The small HTML pages behind the links in emails (unsubscribe, double opt-in, survey): German or
 * English, plain HTML with inline style and no script, under a CSP that allows nothing else,
 * since anyone may open a link from an email (or one forwarded to them).
 */
export type Language = "de" | "en";

/**
 * The first of de / en in the visitor's Accept-Language by preference; German (the shops' home
 * market) when neither is listed.
 */
export function pickLanguage(acceptLanguage: string | undefined): Language {
  const ranked = (acceptLanguage ?? "")
    .slice(0, 500)
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().toLowerCase().split(";");
      const q = Number(
        params
          .find((p) => p.trim().startsWith("q="))
          ?.trim()
          .slice(2) ?? "1",
      );
      return { primary: tag.split("-")[0], q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const found = ranked.find((r) => r.primary === "de" || r.primary === "en");
  return found?.primary === "en" ? "en" : "de";
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}" +
  "button{font-size:1rem;padding:.6rem 1.4rem;cursor:pointer}.note{color:#666;font-size:.9rem}";

/** One page: `title` is plain text, `body` HTML the caller has escaped; `style` adds rules. */
export function htmlPage(
  statusCode: number,
  language: Language,
  title: string,
  body: string,
  style = "",
): HttpResult {
  return {
    statusCode,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // The token is in the URL: no Referer may carry it to anything the page links to.
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex",
      "x-content-type-options": "nosniff",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    },
    body:
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8">` +
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>` +
      `<style>${STYLE}${style}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`,
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
