import { describe, expect, it } from "vitest";
import { isFollowUp } from "../../shared/domain/follow-up";
import type { EventOf } from "../../shared/events/catalog";
import type { RecordResult, SurveyAnswer, SurveyAnswers } from "../../shared/persistence/survey-store";
import { customerClaims, signToken, type TokenClaims } from "../../shared/security/tokens";
import { RecordingBus } from "../../test/support/recording-bus";
import { answerSurvey, type SurveyOutcome, type SurveyRequest } from "./answer";

const tokenKey = "test-token-key";
const now = new Date("2026-11-16T09:00:00.000Z");
const inAMonth = Math.floor(now.getTime() / 1000) + 30 * 24 * 3600;

/**
 * The store's contract in memory: the first answer per survey of a customer on file stays (the
 * Dynamo store is tested against DynamoDB Local). Every customer is on file but the `erased`.
 */
class MemoryAnswers implements SurveyAnswers {
  readonly items = new Map<string, SurveyAnswer & { expiresAt: number }>();
  readonly erased = new Set<string>();
  async record(answer: SurveyAnswer, expiresAt: number): Promise<RecordResult> {
    if (!(await this.customerOnFile(answer.shop, answer.customerKey))) return { status: "closed" };
    const key = `${answer.shop}|${answer.customerKey}|${answer.surveyId}`;
    const held = this.items.get(key);
    if (held) {
      const { expiresAt: _, ...first } = held;
      return { status: "answered-before", first };
    }
    this.items.set(key, { ...answer, expiresAt });
    return { status: "recorded" };
  }
  async customerOnFile(shop: string, customerKey: string): Promise<boolean> {
    return !this.erased.has(`${shop}|${customerKey}`);
  }
}

function tokenFor(
  over: Partial<TokenClaims> = {},
  customer: { id?: string; email?: string } = { id: "c-42" },
) {
  return signToken(
    {
      purpose: "survey",
      shop: "my-shop",
      exp: inAMonth,
      ...customerClaims(customer),
      sid: "s-1",
      o: "o-7",
      ...over,
    },
    tokenKey,
  );
}

function given() {
  const bus = new RecordingBus();
  const answers = new MemoryAnswers();
  const outcomes: SurveyOutcome[] = [];
  return {
    bus,
    answers,
    outcomes,
    deps: { tokenKey, bus, answers, onOutcome: (o: SurveyOutcome) => outcomes.push(o) },
  };
}

const get = (query: Record<string, string>, over: Partial<SurveyRequest> = {}): SurveyRequest => ({
  method: "GET",
  query,
  body: "",
  now,
  acceptLanguage: "de-DE",
  ...over,
});
const post = (token: string, body: string, over: Partial<SurveyRequest> = {}): SurveyRequest => ({
  method: "POST",
  query: { token },
  body,
  now,
  acceptLanguage: "de-DE",
  ...over,
});
const answered = (bus: RecordingBus) => bus.published.map((e) => e.detail as EventOf<"survey.answered">);

describe("GET /survey", () => {
  it("shows the question with the linked score chosen and a send button, and records nothing", async () => {
    const { bus, answers, deps } = given();
    const token = tokenFor();

    const page = await answerSurvey(get({ token, score: "9" }), deps);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`<form method="post" action="?token=${token}">`);
    expect(page.body).toContain('value="9" checked');
    expect(page.body?.match(/type="radio"/g)).toHaveLength(11);
    expect(page.body).toContain("Antwort senden");
    expect(bus.published).toHaveLength(0);
    expect(answers.items.size).toBe(0);
  });

  it("chooses nothing for a score that is not 0-10, and speaks English to an English browser", async () => {
    const { deps } = given();

    const page = await answerSurvey(
      get({ token: tokenFor(), score: "11" }, { acceptLanguage: "en-GB" }),
      deps,
    );

    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain("checked");
    expect(page.body).toContain("Send my answer");
  });
});

describe("POST /survey", () => {
  it("records the answer and publishes one survey.answered with the survey, score and order", async () => {
    const { bus, answers, deps, outcomes } = given();

    const page = await answerSurvey(post(tokenFor(), "score=10"), deps);

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("Vielen Dank!");
    expect(page.body).toContain("weiterempfehlen würden");
    expect(answered(bus)).toEqual([
      expect.objectContaining({
        shop: "my-shop",
        type: "survey.answered",
        occurredAt: now.toISOString(),
        customer: { id: "c-42" },
        // `source`: with the id, the mark of our link's answers (a follow-up, shared/domain/follow-up.ts).
        data: { surveyId: "s-1", score: 10, orderId: "o-7", source: "survey-link" },
      }),
    ]);
    expect(isFollowUp(answered(bus)[0]!)).toBe(true);
    expect([...answers.items.values()][0]).toMatchObject({ score: 10, expiresAt: inAMonth + 24 * 3600 });
    expect(outcomes).toEqual([
      { outcome: "answered", shop: "my-shop", customerKey: "id:c-42", surveyId: "s-1", score: 10 },
    ]);
  });

  it("keeps the first answer: a second one with another score republishes the first, and says so", async () => {
    const { bus, deps } = given();
    const token = tokenFor();

    await answerSurvey(post(token, "score=3"), deps);
    const later = new Date(now.getTime() + 60_000);
    const second = await answerSurvey(post(token, "score=9", { now: later }), deps);

    expect(second.statusCode).toBe(200);
    expect(second.body).toContain("bereits beantwortet, mit 3");
    const [first, again] = answered(bus);
    expect(first?.data.score).toBe(3);
    // The same event (id, time, score): whatever took the first one counts it once.
    expect(again).toEqual(first);
  });

  it("thanks a double click without a notice, as the same event", async () => {
    const { bus, deps } = given();
    const token = tokenFor();

    await answerSurvey(post(token, "score=8"), deps);
    const again = await answerSurvey(post(token, "score=8"), deps);

    expect(again.body).not.toContain("bereits");
    expect(new Set(answered(bus).map((e) => JSON.stringify(e))).size).toBe(1);
  });

  it("answers a guest's survey for the address the token is bound to", async () => {
    const { bus, deps } = given();

    await answerSurvey(post(tokenFor({}, { email: "berta@example.com" }), "score=6"), deps);

    expect(answered(bus)[0]?.customer).toEqual({ email: "berta@example.com" });
  });

  it.each([
    ["no score", ""],
    ["a score above 10", "score=11"],
    ["a score that is no number", "score=neun"],
    ["a fraction", "score=7.5"],
  ])("refuses %s with a 400 form naming the field, and records nothing", async (_name, body) => {
    const { bus, answers, deps } = given();

    const page = await answerSurvey(post(tokenFor(), body), deps);

    expect(page.statusCode).toBe(400);
    expect(page.body).toContain("score");
    expect(page.body).toContain("<form");
    expect(bus.published).toHaveLength(0);
    expect(answers.items.size).toBe(0);
  });
});

describe("a survey link of a customer who is not on file (erased since the mail)", () => {
  it.each([
    ["de-DE", "Umfrage geschlossen", "Es wurde nichts gespeichert"],
    ["en-GB", "Survey closed", "Nothing was saved"],
  ])(
    "gets a 410 page saying the survey is closed (%s) on GET and POST, and writes nothing",
    async (acceptLanguage, title, nothing) => {
      const { bus, answers, deps, outcomes } = given();
      answers.erased.add("my-shop|id:c-42");
      const token = tokenFor();

      const pages = [
        await answerSurvey(get({ token, score: "10" }, { acceptLanguage }), deps),
        await answerSurvey(post(token, "score=10", { acceptLanguage }), deps),
        await answerSurvey(post(token, "score=2", { acceptLanguage }), deps),
        await answerSurvey(post(token, "", { acceptLanguage }), deps),
      ];

      for (const page of pages) {
        expect(page.statusCode).toBe(410);
        expect(page.body).toContain(title);
        expect(page.body).toContain(nothing);
        expect(page.body).not.toContain("<form");
      }
      expect(bus.published).toHaveLength(0);
      expect(answers.items.size).toBe(0);
      expect(outcomes.map((o) => o.outcome)).toEqual(["closed", "closed", "closed", "closed"]);
    },
  );

  it("keeps the survey open for everybody else", async () => {
    const { bus, answers, deps } = given();
    answers.erased.add("my-shop|id:someone-else");

    const page = await answerSurvey(post(tokenFor(), "score=10"), deps);

    expect(page.statusCode).toBe(200);
    expect(bus.published).toHaveLength(1);
  });
});

describe("a survey link that was forwarded badly", () => {
  it.each([
    ["a tampered token", () => `${tokenFor().slice(0, -2)}xx`],
    ["a token cut short by a mail client", () => tokenFor().slice(0, 40)],
    ["an expired token (older than 30 days)", () => tokenFor({ exp: Math.floor(now.getTime() / 1000) - 1 })],
    ["an unsubscribe token", () => tokenFor({ purpose: "unsubscribe" })],
    ["a token naming no survey", () => tokenFor({ sid: "" })],
    ["a signed token with a shop id no event may carry", () => tokenFor({ shop: "a b" })],
    [
      "a token of another key",
      () =>
        signToken({ purpose: "survey", shop: "s", customerKey: "id:c", exp: inAMonth, sid: "s" }, "other"),
    ],
    ["no token", () => undefined],
  ])("gets a clear 400 page for %s and changes nothing", async (_name, make) => {
    const { bus, answers, deps, outcomes } = given();
    const token = make();
    const query: Record<string, string> = token === undefined ? {} : { token };

    for (const request of [get({ ...query, score: "10" }), { ...post("", "score=10"), query }]) {
      const page = await answerSurvey(request, deps);
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain("ungültig oder abgelaufen");
      expect(page.body).toContain("Es wurde nichts gespeichert");
    }
    expect(bus.published).toHaveLength(0);
    expect(answers.items.size).toBe(0);
    expect(outcomes.map((o) => o.outcome)).toEqual(["refused", "refused"]);
  });
});
