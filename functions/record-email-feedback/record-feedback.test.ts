import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SesEvent } from "../../shared/email/mailer";
import { parseSesEvent } from "../../shared/email/ses-events";
import { InMemorySendStats } from "../../shared/persistence/send-stats";
import { InMemorySuppressionList } from "../../shared/persistence/suppression-store";
import { RecordingBus } from "../../test/support/recording-bus";
import { recordEmailFeedback } from "./record-feedback";

const FIXTURES = new URL("../../test/fixtures/ses/", import.meta.url);
const raw = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8"));
const sesEvent = (path: string): SesEvent => {
  const event = parseSesEvent(raw(path));
  if (!event) throw new Error(`fixture ${path} did not parse`);
  return event;
};
const allFixtures = ["event-publishing-sns", "classic-notifications"].flatMap((dir) =>
  readdirSync(new URL(`${dir}/`, FIXTURES)).map((f) => `${dir}/${f}`),
);

const now = new Date("2026-11-02T10:00:00Z");
function given() {
  const suppressions = new InMemorySuppressionList();
  const bus = new RecordingBus();
  return { suppressions, bus, deps: { suppressions, bus, now: () => now } };
}
const withTags = (event: SesEvent, tags: Record<string, string>): SesEvent => ({
  ...event,
  tags: { ...event.tags, ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, [v]])) },
});

/** Which addresses each fixture must leave on the suppression list. */
const SUPPRESSES: Record<string, string[]> = {
  "event-publishing-sns/bounce-record.json": ["recipient@example.com"],
  "event-publishing-sns/complaint-record.json": ["recipient@example.com"],
  "classic-notifications/bounce-notification-with-a-dsn.json": ["jane@example.com"],
  "classic-notifications/bounce-notification-without-a-dsn.json": ["jane@example.com", "richard@example.com"],
  "classic-notifications/complaint-notification-with-a-feedback-report.json": ["richard@example.com"],
  "classic-notifications/complaint-notification-without-a-feedback-report.json": ["richard@example.com"],
};
const EVERYONE = [
  "recipient@example.com",
  "sender@example.com",
  "jane@example.com",
  "mary@example.com",
  "richard@example.com",
];

describe("recording SES feedback", () => {
  for (const path of allFixtures) {
    const expected = SUPPRESSES[path] ?? [];
    it(`${path} suppresses ${expected.length ? expected.join(", ") : "nobody"}`, async () => {
      const { suppressions, deps } = given();

      await recordEmailFeedback(sesEvent(path), deps);

      for (const email of EVERYONE)
        expect(await suppressions.isSuppressed(email, "default")).toBe(expected.includes(email));
    });
  }

  it("suppresses on a permanent bounce and tells the bus, with shop and customer from the tags", async () => {
    const { suppressions, bus, deps } = given();
    const event = withTags(sesEvent("event-publishing-sns/bounce-record.json"), {
      shop: "my-shop",
      customerId: "c-42",
      campaign: "winback",
      instance: "i-7",
    });

    const summary = await recordEmailFeedback(event, deps);

    expect(summary).toEqual({
      kind: "bounce",
      outcome: "recorded",
      suppressed: 1,
      published: 1,
      unattributed: 0,
    });
    expect(suppressions.entries.size).toBe(1);
    expect([...suppressions.entries.values()]).toEqual([{ reason: "bounce", at: now.toISOString() }]);
    // Deployment-wide: the mailbox bounced, whichever shop sent; every shop's mail to it stops.
    expect(await suppressions.isSuppressed("recipient@example.com", "my-shop")).toBe(true);
    expect(await suppressions.isSuppressed("recipient@example.com", "another-shop")).toBe(true);
    expect(bus.published).toEqual([
      {
        source: "stammkunde",
        detailType: "message.bounced",
        time: "2017-08-05T00:41:02.669Z",
        detail: {
          id: `ses:${event.messageId}:bounce`,
          shop: "my-shop",
          type: "message.bounced",
          occurredAt: "2017-08-05T00:41:02.669Z",
          customer: { id: "c-42" },
          data: { messageId: event.messageId, campaignId: "winback", instanceId: "i-7" },
        },
      },
    ]);
  });

  it("suppresses on a complaint and names the customer by address when the tags do not", async () => {
    const { suppressions, bus, deps } = given();

    await recordEmailFeedback(sesEvent("event-publishing-sns/complaint-record.json"), deps);

    expect(await suppressions.isSuppressed("Recipient@Example.com", "another-shop")).toBe(true);
    expect(bus.published).toHaveLength(1);
    expect(bus.published[0]).toMatchObject({
      detailType: "message.complained",
      detail: { shop: "default", customer: { email: "recipient@example.com" } },
    });
  });

  it("neither suppresses nor publishes on a transient bounce", async () => {
    const { suppressions, bus, deps } = given();
    const event = { ...sesEvent("event-publishing-sns/bounce-record.json"), permanent: false };

    const summary = await recordEmailFeedback(event, deps);

    expect(summary.outcome).toBe("ignored");
    expect(suppressions.entries.size).toBe(0);
    expect(bus.published).toHaveLength(0);
  });

  it("never suppresses on a delivery, and reports it as message.delivered", async () => {
    const { suppressions, bus, deps } = given();

    await recordEmailFeedback(sesEvent("event-publishing-sns/delivery-record.json"), deps);
    await recordEmailFeedback(
      sesEvent("classic-notifications/amazon-sns-delivery-notification-example.json"),
      deps,
    );

    expect(suppressions.entries.size).toBe(0);
    expect(bus.published.map((e) => e.detailType)).toEqual(["message.delivered", "message.delivered"]);
  });

  it("reports opens and clicks with the link, and ignores sends, rejects and delays", async () => {
    const { bus, deps } = given();
    const ignored = ["send", "reject", "deliverydelay", "rendering-failure", "subscription"];

    for (const name of ignored) {
      expect(
        (await recordEmailFeedback(sesEvent(`event-publishing-sns/${name}-record.json`), deps)).outcome,
      ).toBe("ignored");
    }
    await recordEmailFeedback(sesEvent("event-publishing-sns/open-record.json"), deps);
    await recordEmailFeedback(sesEvent("event-publishing-sns/click-record.json"), deps);

    expect(bus.published.map((e) => e.detailType)).toEqual(["message.opened", "message.clicked"]);
    const click = bus.published[1]?.detail as { id: string; data: { link: string } };
    expect(click.id).toMatch(/^ses:EXAMPLE[^:]+:click:[0-9a-f]{16}$/);
    expect(click.data.link).toBe("http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html");
  });

  it("gives a redelivered SES event the same ids, and keeps the first suppression reason", async () => {
    const { suppressions, bus, deps } = given();
    const bounce = sesEvent("classic-notifications/bounce-notification-without-a-dsn.json");

    await recordEmailFeedback(bounce, deps);
    await recordEmailFeedback(bounce, { ...deps, now: () => new Date("2027-01-01T00:00:00Z") });
    await recordEmailFeedback(
      { ...sesEvent("event-publishing-sns/complaint-record.json"), recipients: ["jane@example.com"] },
      deps,
    );

    const ids = bus.published.map((e) => (e.detail as { id: string }).id);
    expect(ids).toHaveLength(5);
    expect(new Set(ids.slice(0, 2)).size).toBe(2);
    expect(ids.slice(2, 4)).toEqual(ids.slice(0, 2));
    expect([...suppressions.entries.values()]).toEqual([
      { reason: "bounce", at: now.toISOString() },
      { reason: "bounce", at: now.toISOString() },
    ]);
  });

  it("falls back to the shop default for a tag that is not a shop id", async () => {
    const { bus, deps } = given();
    const event = withTags(sesEvent("event-publishing-sns/open-record.json"), { shop: "../etc/passwd" });

    await recordEmailFeedback(event, deps);

    expect(bus.published[0]).toMatchObject({ detail: { shop: "default" } });
  });
});

describe("counting feedback for the circuit breaker", () => {
  it("counts permanent bounces and complaints per recipient under the tagged shop, and nothing else", async () => {
    const stats = new InMemorySendStats();
    const { deps } = given();
    const counted = { ...deps, stats };
    const bounce = sesEvent("classic-notifications/bounce-notification-without-a-dsn.json");
    const complaint = sesEvent("event-publishing-sns/complaint-record.json");
    const delivery = sesEvent("event-publishing-sns/delivery-record.json");

    await recordEmailFeedback(
      withTags({ ...bounce, at: "2026-11-02T09:00:00.000Z" }, { shop: "s1" }),
      counted,
    );
    await recordEmailFeedback(
      withTags({ ...complaint, at: "2026-11-02T09:05:00.000Z" }, { shop: "s1" }),
      counted,
    );
    await recordEmailFeedback(
      withTags({ ...delivery, at: "2026-11-02T09:06:00.000Z" }, { shop: "s1" }),
      counted,
    );

    expect(await stats.totals("s1", ["2026-11-02"])).toEqual({ sends: 0, bounces: 2, complaints: 1 });
    expect(await stats.totals(undefined, ["2026-11-02"])).toEqual({ sends: 0, bounces: 2, complaints: 1 });
  });
});
