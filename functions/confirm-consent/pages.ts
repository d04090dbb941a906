import type { HttpResult } from "../../shared/http/responses";

/**
 * The pages of the double opt-in link, in German and English: plain HTML, inline style, no
 * script, under a CSP that allows nothing else, since anyone may open a link from an email.
 */
export type Language = "de" | "en";

const TEXT = {
  de: {
    formTitle: "Newsletter-Anmeldung bestätigen",
    form: "Bitte bestätigen Sie, dass Sie unseren Newsletter per E-Mail erhalten möchten.",
    button: "Anmeldung bestätigen",
    doneTitle: "Vielen Dank!",
    done: "Ihre Anmeldung ist bestätigt. Abmelden können Sie sich jederzeit über den Link in jeder E-Mail.",
    invalidTitle: "Link ungültig oder abgelaufen",
    invalid:
      "Dieser Bestätigungslink ist ungültig oder abgelaufen (er gilt 7 Tage). Bitte melden Sie sich " +
      "im Shop erneut zum Newsletter an.",
  },
  en: {
    formTitle: "Confirm your subscription",
    form: "Please confirm that you want to receive our newsletter by email.",
    button: "Confirm subscription",
    doneTitle: "Thank you!",
    done: "Your subscription is confirmed. You can unsubscribe at any time with the link in every email.",
    invalidTitle: "Link invalid or expired",
    invalid:
      "This confirmation link is invalid or has expired (it is valid for 7 days). Please subscribe to " +
      "the newsletter in the shop again.",
  },
} as const;

/** The first of de / en in Accept-Language by preference; German (the shops' home market) otherwise. */
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
  return ranked.find((r) => r.primary === "de" || r.primary === "en")?.primary === "en" ? "en" : "de";
}

/**
 * The page behind the link: a button, because mail scanners fetch every link and must not
 * confirm anybody. `shownAt` travels in the form's action, so a double click posts the same
 * confirmation twice (one event id, one time) and counts once.
 */
export function formPage(language: Language, token: string, shownAt: string): HttpResult {
  const t = TEXT[language];
  const action = `?token=${encodeURIComponent(token)}&at=${encodeURIComponent(shownAt)}`;
  const form = `<form method="post" action="${escapeHtml(action)}"><button type="submit">${t.button}</button></form>`;
  return page(200, language, t.formTitle, `<p>${t.form}</p>${form}`);
}

export function donePage(language: Language): HttpResult {
  const t = TEXT[language];
  return page(200, language, t.doneTitle, `<p>${t.done}</p>`);
}

export function invalidPage(language: Language, statusCode = 400): HttpResult {
  const t = TEXT[language];
  return page(statusCode, language, t.invalidTitle, `<p>${t.invalid}</p>`);
}

const STYLE =
  "body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}" +
  "button{font-size:1rem;padding:.6rem 1.4rem;cursor:pointer}";

function page(statusCode: number, language: Language, title: string, body: string): HttpResult {
  return {
    statusCode,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      // The token is in the URL: no Referer may carry it anywhere.
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
