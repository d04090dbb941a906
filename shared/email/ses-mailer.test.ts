import {
  type GetAccountCommand,
  type GetAccountCommandOutput,
  MessageRejected,
  type SendEmailCommand,
  type SendEmailCommandInput,
  type SendEmailCommandOutput,
  TooManyRequestsException,
} from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import type { OutgoingEmail } from "./mailer";
import { maxSendRateFromAccount, PermanentSendError, SesMailer, TransientSendError } from "./ses-mailer";

const email: OutgoingEmail = {
  from: "shop@example.com",
  to: "kunde@example.com",
  subject: "Grüße",
  html: "<p>Hallo</p>",
  text: "Hallo",
  headers: [{ name: "List-Unsubscribe-Post", value: "List-Unsubscribe=One-Click" }],
  tags: { campaign: "win-back.v2", instance: "c#1/o:9", empty: "" },
  configurationSet: "stammkunde-events",
};

const meta = { $metadata: { httpStatusCode: 429 } };
const throttled = () => new TooManyRequestsException({ message: "Maximum sending rate exceeded.", ...meta });

/** A client that answers from a script: an Error is thrown, anything else is the MessageId. */
function scriptedClient(script: (Error | string)[]) {
  const inputs: SendEmailCommandInput[] = [];
  return {
    inputs,
    async send(command: SendEmailCommand): Promise<SendEmailCommandOutput> {
      inputs.push(command.input);
      const next = script.shift() ?? new Error("script exhausted");
      if (next instanceof Error) throw next;
      return { MessageId: next, $metadata: {} };
    },
  };
}

function mailer(client: ReturnType<typeof scriptedClient>, maxAttempts = 8) {
  const events: string[] = [];
  const sleeps: number[] = [];
  const m = new SesMailer({
    client,
    limiter: { acquire: async () => void events.push("acquire") },
    maxAttempts,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
  });
  return { m, events, sleeps };
}

describe("SesMailer", () => {
  it("sends simple content with UTF-8 bodies, headers, sanitised tags and the configuration set", async () => {
    const client = scriptedClient(["id-1"]);
    await expect(mailer(client).m.send(email)).resolves.toEqual({ messageId: "id-1" });
    expect(client.inputs[0]).toEqual({
      FromEmailAddress: "shop@example.com",
      Destination: { ToAddresses: ["kunde@example.com"] },
      Content: {
        Simple: {
          Subject: { Data: "Grüße", Charset: "UTF-8" },
          Body: {
            Html: { Data: "<p>Hallo</p>", Charset: "UTF-8" },
            Text: { Data: "Hallo", Charset: "UTF-8" },
          },
          Headers: [{ Name: "List-Unsubscribe-Post", Value: "List-Unsubscribe=One-Click" }],
        },
      },
      EmailTags: [
        { Name: "campaign", Value: "win-back_v2" },
        { Name: "instance", Value: "c_1_o_9" },
      ],
      ConfigurationSetName: "stammkunde-events",
    });
  });

  it("passes the display-name From and the Reply-To on", async () => {
    const client = scriptedClient(["id-2"]);
    const from = '"Kaffeehaus" <shop@example.com>';
    await mailer(client).m.send({ ...email, from, replyTo: "hallo@example.com" });
    expect(client.inputs[0]).toMatchObject({
      FromEmailAddress: from,
      ReplyToAddresses: ["hallo@example.com"],
    });
  });

  it("retries throttling with growing backoff, acquiring a permit before every attempt", async () => {
    const client = scriptedClient([throttled(), throttled(), throttled(), "id-2"]);
    const { m, events, sleeps } = mailer(client);
    await expect(m.send(email)).resolves.toEqual({ messageId: "id-2" });
    expect(client.inputs).toHaveLength(4);
    expect(events).toEqual(["acquire", "acquire", "acquire", "acquire"]);
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it("hands back the permit of each throttled attempt and keeps the others", async () => {
    // Arrange: throttled twice, accepted; then a server error (SES may have taken it).
    const boom = Object.assign(new Error("internal"), {
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
    });
    const client = scriptedClient([throttled(), throttled(), "id-9", boom]);
    const permits: { released: number }[] = [];
    const m = new SesMailer({
      client,
      limiter: {
        acquire: async () => {
          const p = { released: 0 };
          permits.push(p);
          return { release: () => void p.released++ };
        },
      },
      sleep: async () => {},
    });
    // Act
    await m.send(email);
    await m.send(email).catch(() => {});
    // Assert
    expect(permits.map((p) => p.released)).toEqual([1, 1, 0, 0]);
  });

  it("treats every throttling shape SES uses as throttling", async () => {
    const shapes = [
      Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }),
      Object.assign(new Error("Maximum sending rate exceeded."), { name: "Throttling" }),
      Object.assign(new Error("slow down"), {
        name: "ServiceUnavailable",
        $metadata: { httpStatusCode: 503 },
      }),
    ];
    const client = scriptedClient([...shapes, "id-3"]);
    await expect(mailer(client).m.send(email)).resolves.toEqual({ messageId: "id-3" });
  });

  it("caps the backoff", async () => {
    const client = scriptedClient([...Array.from({ length: 7 }, throttled), "id-4"]);
    const { m, sleeps } = mailer(client);
    await m.send(email);
    expect(Math.max(...sleeps)).toBe(500);
  });

  it("gives up after maxAttempts with a not-sent TransientSendError", async () => {
    const client = scriptedClient(Array.from({ length: 5 }, throttled));
    const error = await mailer(client, 3)
      .m.send(email)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientSendError);
    expect(error).toMatchObject({ code: "TooManyRequestsException", mayHaveBeenSent: false });
    expect(client.inputs).toHaveLength(3);
  });

  it("throws PermanentSendError without retrying, with addresses redacted", async () => {
    const rejected = new MessageRejected({
      message: "Email address is not verified. The following identities failed the check: kunde@example.com",
      $metadata: { httpStatusCode: 400, requestId: "req-1" },
    });
    const client = scriptedClient([rejected]);
    const error = await mailer(client)
      .m.send(email)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentSendError);
    expect(error).toMatchObject({ code: "MessageRejected", requestId: "req-1" });
    expect((error as Error).message).not.toContain("kunde@example.com");
    expect(client.inputs).toHaveLength(1);
  });

  it("reports a server error as possibly sent and does not retry it", async () => {
    const boom = Object.assign(new Error("internal"), {
      name: "InternalServiceErrorException",
      $fault: "server",
      $metadata: { httpStatusCode: 500 },
    });
    const client = scriptedClient([boom]);
    const error = await mailer(client)
      .m.send(email)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TransientSendError", mayHaveBeenSent: true });
    expect(client.inputs).toHaveLength(1);
  });

  it("reports a refused connection as not sent", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
    const error = await mailer(scriptedClient([refused]))
      .m.send(email)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "TransientSendError", mayHaveBeenSent: false, code: "ECONNREFUSED" });
  });

  it("refuses a header value with a line break before calling SES", async () => {
    const client = scriptedClient(["id-5"]);
    const injected = { ...email, headers: [{ name: "X-Note", value: "a\r\nBcc: x@example.com" }] };
    await expect(mailer(client).m.send(injected)).rejects.toBeInstanceOf(PermanentSendError);
    expect(client.inputs).toHaveLength(0);
  });
});

describe("maxSendRateFromAccount", () => {
  const account = (output: Partial<GetAccountCommandOutput>) => ({
    send: async (_command: GetAccountCommand): Promise<GetAccountCommandOutput> => ({
      $metadata: {},
      ...output,
    }),
  });

  it("reads SendQuota.MaxSendRate", async () => {
    const client = account({ SendQuota: { MaxSendRate: 14, Max24HourSend: 50_000, SentLast24Hours: 0 } });
    await expect(maxSendRateFromAccount(client)).resolves.toBe(14);
  });

  it("is undefined when the account reports no quota", async () => {
    await expect(maxSendRateFromAccount(account({}))).resolves.toBeUndefined();
  });
});
