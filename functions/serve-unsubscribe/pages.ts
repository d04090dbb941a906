import type { HttpResult } from "../../shared/http/responses";

/**
 * The three pages of the unsubscribe link, in German and English. Plain HTML with inline style and
 * no script, under a CSP that allows nothing else: the page is opened from emails by anyone.
 */
export type Language = "de" | "en";

const TEXT = {
  de: {
    confirmTitle: "Newsletter abbestellen",
    confirm: "Möchten Sie keine Werbe-E-Mails mehr von uns erhalten?",
    button: "Abbestellen",
    doneTitle: "Sie wurden abgemeldet",
    done: "Sie erhalten von uns keine Werbe-E-Mails mehr.",
    invalidTitle: "Link ungültig oder abgelaufen",
    invalid:
      "Dieser Abmeldelink ist ungültig oder abgelaufen. Bitte verwenden Sie den Link aus einer aktuellen " +
      "E-Mail oder wenden Sie sich an den Shop.",
    service: "Bestell- und Versandbestätigungen erhalten Sie weiterhin.",
  },
  en: {
    confirmTitle: "Unsubscribe",
    confirm: "Do you no longer want to receive marketing emails from us?",
    button: "Unsubscribe",
    doneTitle: "You are unsubscribed",
    done: "You will not receive marketing emails from us any more.",
    invalidTitle: "Link invalid or expired",
    invalid:
      "This unsubscribe link is invalid or has expired. Please use the link in a recent email or " +
      "contact the shop.",
    service: "You will still receive order and shipping confirmations.",
  },
} as const;

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

export function confirmPage(language: Language, token: string): HttpResult {
  const t = TEXT[language];
  // A relative action keeps the path (and any API stage prefix) and posts the token in the query,
  // as RFC 8058's one-click POST does; the hidden field makes the body the same as well.
  const form =
    `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">` +
    `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
    `<button type="submit">${t.button}</button></form>`;
  return page(200, language, t.confirmTitle, `<p>${t.confirm}</p>${form}<p class="note">${t.service}</p>`);
}

export function donePage(language: Language): HttpResult {
  const t = TEXT[language];
  return page(200, language, t.doneTitle, `<p>${t.done}</p><p class="note">${t.service}</p>`);
}

export function invalidPage(language: Language, statusCode = 400): HttpResult {
  const t = TEXT[language];
  return page(statusCode, language, t.invalidTitle, `<p>${t.invalid}</p>`);
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}" +
  "button{font-size:1rem;padding:.6rem 1.4rem;cursor:pointer}.note{color:#666;font-size:.9rem}";

function page(statusCode: number, language: Language, title: string, body: string): HttpResult {
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
      `<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>` +
      `<style>${STYLE}</style></head><body><h1>${title}</h1>${body}</body></html>`,
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
