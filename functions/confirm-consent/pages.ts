import { escapeHtml, htmlPage, type Language } from "../../shared/http/pages";
import type { HttpResult } from "../../shared/http/responses";

/**
 * The pages of the double opt-in link, in German and English: plain HTML, inline style, no
 * script, under a CSP that allows nothing else, since anyone may open a link from an email.
 */
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

/**
 * The page behind the link: a button, because mail scanners fetch every link and must not
 * confirm anybody. `shownAt` travels in the form's action with our signature over it, so a double
 * click posts the same confirmation twice (one event id, one time) and counts once.
 */
export function formPage(language: Language, token: string, shownAt: string, signature: string): HttpResult {
  const t = TEXT[language];
  const action = `?token=${encodeURIComponent(token)}&at=${encodeURIComponent(shownAt)}&sig=${signature}`;
  const form = `<form method="post" action="${escapeHtml(action)}"><button type="submit">${t.button}</button></form>`;
  return htmlPage(200, language, t.formTitle, `<p>${t.form}</p>${form}`);
}

export function donePage(language: Language): HttpResult {
  const t = TEXT[language];
  return htmlPage(200, language, t.doneTitle, `<p>${t.done}</p>`);
}

export function invalidPage(language: Language, statusCode = 400): HttpResult {
  const t = TEXT[language];
  return htmlPage(statusCode, language, t.invalidTitle, `<p>${t.invalid}</p>`);
}
