import { escapeHtml, htmlPage, type Language } from "../../shared/http/pages";
import type { HttpResult } from "../../shared/http/responses";

/**
 * The three pages of the unsubscribe link, in German and English. Plain HTML with inline style and
 * no script, under a CSP that allows nothing else: the page is opened from emails by anyone.
 */
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

export function confirmPage(language: Language, token: string): HttpResult {
  const t = TEXT[language];
  // A relative action keeps the path (and any API stage prefix) and posts the token in the query,
  // as RFC 8058's one-click POST does; the hidden field makes the body the same as well.
  const form =
    `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">` +
    `<input type="hidden" name="List-Unsubscribe" value="One-Click">` +
    `<button type="submit">${t.button}</button></form>`;
  return htmlPage(
    200,
    language,
    t.confirmTitle,
    `<p>${t.confirm}</p>${form}<p class="note">${t.service}</p>`,
  );
}

export function donePage(language: Language): HttpResult {
  const t = TEXT[language];
  return htmlPage(200, language, t.doneTitle, `<p>${t.done}</p><p class="note">${t.service}</p>`);
}

export function invalidPage(language: Language, statusCode = 400): HttpResult {
  const t = TEXT[language];
  return htmlPage(statusCode, language, t.invalidTitle, `<p>${t.invalid}</p>`);
}
