import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { SesEvent } from "./mailer";
import { parseSesEvent } from "./ses-events";

const FIXTURES = new URL("../../test/fixtures/ses/", import.meta.url);
const fixture = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL(path, FIXTURES), "utf8"));

const PUBLISHED_ID = "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000";
const one = ["recipient@example.com"];

/** What each fixture must normalise to (every file in the folder is listed; a new one fails the test below). */
const EXPECTED: Record<string, Partial<SesEvent>> = {
  "event-publishing-sns/bounce-record.json": {
    kind: "bounce",
    permanent: true,
    recipients: one,
    messageId: PUBLISHED_ID,
    at: "2017-08-05T00:41:02.669Z",
  },
  "event-publishing-sns/click-record.json": {
    kind: "click",
    recipients: one,
    link: "http://docs.aws.amazon.com/ses/latest/DeveloperGuide/send-email-smtp.html",
    at: "2017-08-09T23:51:25.570Z",
  },
  "event-publishing-sns/complaint-record.json": { kind: "complaint", recipients: one },
  "event-publishing-sns/delivery-record.json": {
    kind: "delivery",
    recipients: one,
    at: "2016-10-19T23:21:04.133Z",
  },
  "event-publishing-sns/deliverydelay-record.json": { kind: "delivery-delay", recipients: one },
  "event-publishing-sns/open-record.json": { kind: "open", recipients: one, at: "2017-08-09T22:00:19.652Z" },
  "event-publishing-sns/reject-record.json": { kind: "reject", recipients: ["sender@example.com"] },
  "event-publishing-sns/rendering-failure-record.json": { kind: "rendering-failure", recipients: one },
  "event-publishing-sns/send-record.json": { kind: "send", recipients: one, at: "2016-10-14T05:02:16.645Z" },
  "event-publishing-sns/subscription-record.json": { kind: "subscription", recipients: one },
  "classic-notifications/amazon-sns-delivery-notification-example.json": {
    kind: "delivery",
    recipients: ["jane@example.com"],
    messageId: "0000014644fe5ef6-9a483358-9170-4cb4-a269-f5dcdf415321-000000",
  },
  "classic-notifications/bounce-notification-with-a-dsn.json": {
    kind: "bounce",
    permanent: true,
    recipients: ["jane@example.com"],
  },
  "classic-notifications/bounce-notification-without-a-dsn.json": {
    kind: "bounce",
    permanent: true,
    recipients: ["jane@example.com", "richard@example.com"],
  },
  "classic-notifications/complaint-notification-with-a-feedback-report.json": {
    kind: "complaint",
    recipients: ["richard@example.com"],
  },
  "classic-notifications/complaint-notification-without-a-feedback-report.json": {
    kind: "complaint",
    recipients: ["richard@example.com"],
  },
};

/** How SES delivers an event-publishing record to a rule on the default bus. */
const onEventBridge = (detail: unknown, detailType = "Email Bounced") => ({
  version: "0",
  id: "5c4ed5c2-0000-0000-0000-000000000000",
  "detail-type": detailType,
  source: "aws.ses",
  account: "123456789012",
  time: "2017-08-05T00:41:03Z",
  region: "eu-central-1",
  resources: [],
  detail,
});
const onSns = (record: unknown) => ({
  Type: "Notification",
  MessageId: "m-1",
  Message: JSON.stringify(record),
});

describe("parseSesEvent", () => {
  it("knows every SES fixture", () => {
    const files = ["event-publishing-sns", "classic-notifications"].flatMap((dir) =>
      readdirSync(new URL(`${dir}/`, FIXTURES)).map((f) => `${dir}/${f}`),
    );
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [path, expected] of Object.entries(EXPECTED)) {
    it(`reads ${path} as a ${expected.kind}`, () => {
      const event = parseSesEvent(fixture(path));

      expect(event).toMatchObject(expected);
      if (expected.kind !== "bounce") expect(event?.permanent).toBeUndefined();
    });

    it(`reads ${path} the same inside an EventBridge, an SNS and a Lambda SNS envelope`, () => {
      const bare = parseSesEvent(fixture(path));

      expect(parseSesEvent(onEventBridge(fixture(path)))).toEqual(bare);
      expect(parseSesEvent(onSns(fixture(path)))).toEqual(bare);
      expect(parseSesEvent({ Records: [{ EventSource: "aws:sns", Sns: onSns(fixture(path)) }] })).toEqual(
        bare,
      );
    });
  }

  it("keeps the message tags the sender set", () => {
    const event = parseSesEvent(fixture("event-publishing-sns/click-record.json"));

    expect(event?.tags).toMatchObject({
      myCustomTag1: ["myCustomValue1"],
      "ses:configuration-set": ["ConfigSet"],
    });
  });

  it("still reads a bounce whose tags are not what SES documents", () => {
    const record = fixture("event-publishing-sns/bounce-record.json");

    const event = parseSesEvent({
      ...record,
      mail: { ...(record.mail as object), tags: { shop: "my-shop" } },
    });

    expect(event).toMatchObject({ kind: "bounce", permanent: true, recipients: one, tags: {} });
  });

  it("reads a Transient or Undetermined bounce as not permanent", () => {
    // A variant of the real record: only bounceType changed.
    const record = fixture("event-publishing-sns/bounce-record.json");
    for (const bounceType of ["Transient", "Undetermined"]) {
      const event = parseSesEvent({ ...record, bounce: { ...(record.bounce as object), bounceType } });
      expect(event).toMatchObject({ kind: "bounce", permanent: false, recipients: one });
    }
  });

  it("never reads a Delivery as a bounce, even one that carries a bounce section", () => {
    const delivery = fixture("classic-notifications/amazon-sns-delivery-notification-example.json");
    const bounce = fixture("classic-notifications/bounce-notification-with-a-dsn.json").bounce;

    const event = parseSesEvent({ ...delivery, bounce });

    expect(event?.kind).toBe("delivery");
    expect(event?.permanent).toBeUndefined();
  });

  it("answers undefined, without throwing, to shapes it does not know", () => {
    const bounce = fixture("event-publishing-sns/bounce-record.json");
    const unknown: unknown[] = [
      undefined,
      null,
      "Email Bounced",
      42,
      [],
      {},
      { Records: [] },
      onSns("Hello from SNS!"),
      { Type: "Notification", Message: "{not json" },
      onEventBridge({}, "Scheduled Event"),
      { notificationType: "AmazonSnsSubscriptionSucceeded", mail: bounce.mail },
      { ...bounce, eventType: "Teleported" },
      { ...bounce, bounce: undefined },
      { ...bounce, mail: { ...(bounce.mail as object), messageId: undefined } },
      {
        ...bounce,
        mail: { ...(bounce.mail as object), timestamp: "yesterday" },
        bounce: { bounceType: "x" },
      },
      onSns("x".repeat(300 * 1024)),
    ];
    for (const input of unknown) expect(parseSesEvent(input)).toBeUndefined();
  });

  it("normalises recipient addresses and falls back to a single destination only", () => {
    const record = fixture("event-publishing-sns/complaint-record.json");
    const mail = record.mail as Record<string, unknown>;
    const complaint = { timestamp: "2017-08-05T00:41:02.669Z", complainedRecipients: [] };

    const single = parseSesEvent({
      ...record,
      complaint,
      mail: { ...mail, destination: ["Anna <Anna@Example.com>"] },
    });
    const several = parseSesEvent({
      ...record,
      complaint,
      mail: { ...mail, destination: ["a@x.example", "b@x.example"] },
    });

    expect(single?.recipients).toEqual(["anna@example.com"]);
    expect(several?.recipients).toEqual([]);
  });
});
