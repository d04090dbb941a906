import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { SURVEY_LINK, surveyAnswerEventId } from "../../shared/domain/follow-up";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { toBusEvent } from "../../shared/messaging/event-bus";
import type { JourneyInstance } from "../../shared/persistence/journey-store";
import { surveyIdOf } from "../../shared/surveys/survey-link";
import { orderPlaced } from "../support/builders";
import { admin } from "../support/local-host";
import { mailTo } from "../support/ses-store";
import { dispatch } from "./playbook-story";
import { lifeOf, type Person, partition, person, send, startPrivacyHost, tracesOf } from "./privacy-support";
import { answer, open, scoreLink } from "./survey-story";

/**
 * The satisfaction survey's links stay valid 30 days, so a person erased after the survey mail
 * may still hold (and press) one. Then the survey is closed: the page says so and nothing that
 * names her comes back, not through the answer page nor through an answer already on its way.
 */

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

/** Registered with confirmed consent, one order (Monday 16:00 in Berlin): the survey asks 14 days on. */
async function givenAnOrder(p: Person) {
  const [registered, consent] = lifeOf(p, "2026-11-02T08:00:00.000Z");
  const order = orderPlaced({
    id: `${p.customer.id}-order`,
    customer: { id: p.customer.id },
    orderId: `${p.customer.id}-o`,
    at: "2026-11-02T15:00:00.000Z",
  });
  await send(host, [registered!, consent!, order]);
}

/** The survey mail as sent (its score links), and the survey it asks. */
async function surveyMailOf(p: Person) {
  const mails = await mailTo(host, p.customer.email);
  const mail = mails.find((m) => m.body.html?.includes("/survey?token="));
  const [instance] = (await partition(host, p.shop, `id:${p.customer.id}`)).filter(
    (i) => i.type === "journey" && i.campaignId === "satisfaction-survey",
  ) as JourneyInstance[];
  expect(instance?.status).toBe("sent");
  return { mail, surveyId: surveyIdOf(instance!), mails: mails.length };
}

/** survey.answered as the answer page publishes it: an answer recorded just before the erase. */
function linkAnswer(p: Person, surveyId: string, score: number): CanonicalEvent {
  return {
    id: surveyAnswerEventId(p.shop, `id:${p.customer.id}`, surveyId),
    shop: p.shop,
    type: "survey.answered",
    occurredAt: "2026-11-18T09:00:00.000Z",
    customer: { id: p.customer.id },
    data: { surveyId, score, orderId: `${p.customer.id}-o`, source: SURVEY_LINK.source },
  };
}

describe("a survey link after an erase", () => {
  const anna = person();
  const erika = person();
  let annas: Awaited<ReturnType<typeof surveyMailOf>>;
  let erikas: Awaited<ReturnType<typeof surveyMailOf>>;

  beforeAll(async () => {
    await givenAnOrder(anna);
    await givenAnOrder(erika);
    await dispatch(host, "2026-11-17T09:01:00.000Z");
    annas = await surveyMailOf(anna);
    erikas = await surveyMailOf(erika);
  });

  it("still takes the answer of a customer on file: recorded, on her profile, her referral code registered", async () => {
    const thanks = await answer(host, scoreLink(annas.mail, 10), 10, "2026-11-18T09:00:00.000Z");

    expect(thanks.status).toBe(200);
    expect(thanks.body).toContain("Es freut uns sehr, dass Sie uns weiterempfehlen würden.");
    const items = await partition(host, anna.shop, `id:${anna.customer.id}`);
    expect(items.map((i) => i.sk)).toEqual(expect.arrayContaining([`SURVEY#${annas.surveyId}`, "REFERRAL"]));
    const profile = await admin(host, `/admin/customers/${anna.customer.id}`);
    expect(await profile.json()).toMatchObject({ survey: { lastScore: 10, group: "promoter" } });
  });

  it("is closed for an erased customer: a 410 page in her language, and nothing names her again", async () => {
    expect((await admin(host, `/admin/customers/${erika.customer.id}`, { method: "DELETE" })).status).toBe(
      200,
    );
    expect(await tracesOf(host, erika)).toEqual([]);
    const ten = scoreLink(erikas.mail, 10);
    const two = scoreLink(erikas.mail, 2);

    // Opening a link (or a mail scanner doing so) shows no form to send.
    const opened = await open(ten);
    expect(opened.status).toBe(410);
    expect(opened.body).toContain("Diese Umfrage ist geschlossen");
    expect(opened.body).not.toContain("<form");
    const openedInEnglish = await open(two, "en-GB,en;q=0.9");
    expect(openedInEnglish.status).toBe(410);
    expect(openedInEnglish.body).toContain("This survey is closed");
    // Sending the form anyway: a promoter's and a detractor's answer.
    for (const [link, score] of [
      [ten, 10],
      [two, 2],
    ] as const) {
      const page = await answer(host, link, score, "2026-11-18T09:00:00.000Z");
      expect(page.status).toBe(410);
      expect(page.body).toContain("Es wurde nichts gespeichert");
    }
    // Answers recorded just before the erase, whose events arrive after it (follow-ups).
    await host.bus.publish(
      [linkAnswer(erika, erikas.surveyId, 10), linkAnswer(erika, erikas.surveyId, 2)].map((e) =>
        toBusEvent(e, EVENT_SOURCE),
      ),
    );
    await host.bus.idle();
    // The promoter's and detractor's mails would fall due within a day or two.
    await dispatch(host, "2026-11-18T09:30:00.000Z");
    await dispatch(host, "2026-11-19T09:30:00.000Z");

    expect(await tracesOf(host, erika)).toEqual([]);
    expect(await partition(host, erika.shop, `id:${erika.customer.id}`)).toEqual([]);
    expect((await admin(host, `/admin/customers/${erika.customer.id}`)).status).toBe(404);
    expect(
      (await admin(host, `/admin/customers?email=${encodeURIComponent(erika.customer.email)}`)).status,
    ).toBe(404);
    expect(await mailTo(host, erika.customer.email)).toHaveLength(erikas.mails);
    expect(host.bus.deadLetters).toEqual([]);
  });
});
