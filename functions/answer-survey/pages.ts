import { type NpsGroup, npsGroup } from "../../shared/domain/nps";
import { escapeHtml, htmlPage, type Language } from "../../shared/http/pages";
import type { HttpResult } from "../../shared/http/responses";

/** The pages behind the survey links, in German and English (shared/http/pages.ts: no script, strict CSP). */

const TEXT = {
  de: {
    formTitle: "Ihre Meinung zählt",
    question: "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen weiterempfehlen?",
    scale: "0 = sehr unwahrscheinlich, 10 = sehr wahrscheinlich",
    button: "Antwort senden",
    missing: "Bitte wählen Sie einen Wert von 0 bis 10 (Feld „score“).",
    thanksTitle: "Vielen Dank!",
    thanks: {
      promoter: "Es freut uns sehr, dass Sie uns weiterempfehlen würden.",
      passive: "Ihre Antwort hilft uns, besser zu werden.",
      detractor:
        "Danke für Ihre ehrliche Antwort. Es tut uns leid, dass wir Sie nicht überzeugen konnten. " +
        "Wenn Sie uns sagen möchten, was nicht gepasst hat, antworten Sie einfach auf unsere E-Mail.",
    },
    already: (score: number) =>
      `Sie haben diese Umfrage bereits beantwortet, mit ${score}. Es zählt die erste Antwort.`,
    closedTitle: "Umfrage geschlossen",
    closed: "Diese Umfrage ist geschlossen und nimmt keine Antworten mehr an. Es wurde nichts gespeichert.",
    invalidTitle: "Link ungültig oder abgelaufen",
    invalid:
      "Dieser Umfragelink ist ungültig oder abgelaufen (er gilt 30 Tage). Es wurde nichts gespeichert. " +
      "Bitte verwenden Sie den Link aus Ihrer E-Mail unverändert.",
  },
  en: {
    formTitle: "Your opinion counts",
    question: "How likely is it that you would recommend us to a friend or colleague?",
    scale: "0 = not at all likely, 10 = extremely likely",
    button: "Send my answer",
    missing: 'Please choose a value from 0 to 10 (field "score").',
    thanksTitle: "Thank you!",
    thanks: {
      promoter: "We are delighted that you would recommend us.",
      passive: "Your answer helps us get better.",
      detractor:
        "Thank you for your honest answer. We are sorry we did not live up to your expectations. " +
        "If you would like to tell us what went wrong, just reply to our email.",
    },
    already: (score: number) =>
      `You have already answered this survey, with ${score}. The first answer counts.`,
    closedTitle: "Survey closed",
    closed: "This survey is closed and takes no more answers. Nothing was saved.",
    invalidTitle: "Link invalid or expired",
    invalid:
      "This survey link is invalid or has expired (it is valid for 30 days). Nothing was saved. " +
      "Please use the link from your email as it is.",
  },
} as const;

const STYLE =
  ".scale{border:0;padding:0;margin:1rem 0}.scale label{display:inline-block;min-width:2.2rem;margin:2px;" +
  "padding:.4rem 0;border:1px solid #ccc;border-radius:4px;text-align:center;cursor:pointer}" +
  ".scale input{display:block;margin:0 auto .2rem}.error{color:#b91c1c}";

/**
 * The question with the eleven choices, the one from the link already chosen, and a send button:
 * opening the link records nothing (mail scanners open every link); sending does.
 */
export function formPage(language: Language, token: string, chosen?: number, statusCode = 200): HttpResult {
  const t = TEXT[language];
  const choices = Array.from(
    { length: 11 },
    (_, score) =>
      `<label><input type="radio" name="score" value="${score}"${score === chosen ? " checked" : ""}>${score}</label>`,
  ).join("");
  const error = statusCode === 400 ? `<p class="error">${escapeHtml(t.missing)}</p>` : "";
  const form =
    `<form method="post" action="?token=${escapeHtml(encodeURIComponent(token))}">` +
    `<fieldset class="scale"><legend>${escapeHtml(t.question)}</legend>${choices}</fieldset>` +
    `<p class="note">${escapeHtml(t.scale)}</p>${error}<button type="submit">${escapeHtml(t.button)}</button></form>`;
  return htmlPage(statusCode, language, t.formTitle, form, STYLE);
}

/** After sending: thanks in the words of the answer's group; `already` when an earlier answer stands. */
export function thanksPage(language: Language, score: number, already: boolean): HttpResult {
  const t = TEXT[language];
  const group: NpsGroup = npsGroup(score);
  const first = already ? `<p>${escapeHtml(t.already(score))}</p>` : "";
  return htmlPage(200, language, t.thanksTitle, `${first}<p>${escapeHtml(t.thanks[group])}</p>`);
}

export function invalidPage(language: Language, statusCode = 400): HttpResult {
  const t = TEXT[language];
  return htmlPage(statusCode, language, t.invalidTitle, `<p>${escapeHtml(t.invalid)}</p>`);
}

/**
 * 410 Gone: the link is genuine but its survey takes no answers, because the customer it asks is
 * not on file (erased since the mail). Says nothing about why: a forwarded link reaches others.
 */
export function closedPage(language: Language): HttpResult {
  const t = TEXT[language];
  return htmlPage(410, language, t.closedTitle, `<p>${escapeHtml(t.closed)}</p>`);
}
