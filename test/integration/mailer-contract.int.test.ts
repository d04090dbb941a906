import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, inject, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import type { Mailer, OutgoingEmail } from "../../shared/email/mailer";
import { RateLimiter } from "../../shared/email/rate-limiter";
import { createSesClient, SesMailer, type SesSendClient } from "../../shared/email/ses-mailer";
import { unsubscribeHeaders } from "../../shared/email/templates";
import { throttlingClient } from "../support/throttling-mailer";

/** What aws-ses-v2-local's `GET /store` returns per message (the fields this suite reads). */
interface StoredEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { html?: string; text?: string };
  headers?: { name: string; value: string }[];
}

const sesEndpoint = inject("sesEndpoint");
const N = 50;
const IN_FLIGHT = 10;

async function stored(marker: string): Promise<StoredEmail[]> {
  const response = await fetch(`${sesEndpoint}/store`);
  expect(response.ok).toBe(true);
  const { emails } = (await response.json()) as { emails: StoredEmail[] };
  // The store is shared by every test file in the run: look only at this suite's own messages.
  return emails.filter((stored) => stored.subject.includes(marker));
}

function message(marker: string, i: number): OutgoingEmail {
  return {
    from: "Shop <shop@stammkunde.test>",
    to: `kunde-${i}@stammkunde.test`,
    subject: `[${marker}] #${i} Schön, dass du da bist`,
    html: `<p>Hallo Nr. ${i} &amp; willkommen – Grüße</p>`,
    text: `Hallo Nr. ${i} & willkommen – Grüße\nZeile 2`,
    headers: unsubscribeHeaders(`https://shop.stammkunde.test/unsubscribe?token=t${i}`),
    tags: { campaign: "contract", marker, message: String(i) },
  };
}

/** Sends with at most `limit` calls in flight, like dispatch does. */
async function sendAll(mailer: Mailer, emails: OutgoingEmail[], limit: number) {
  const ids: string[] = new Array(emails.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < emails.length; i = next++) {
      const email = emails[i];
      if (email) ids[i] = (await mailer.send(email)).messageId;
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return ids;
}

/** One suite, run against every Mailer wiring, so the fault-injecting one cannot drift from the real one. */
function mailerContract(name: string, makeMailer: () => { mailer: Mailer; afterSending?: () => void }) {
  describe(`Mailer contract: ${name}`, () => {
    it(`delivers ${N} concurrent messages exactly once each, with headers and bodies intact`, async () => {
      // Given
      const { mailer, afterSending } = makeMailer();
      const marker = `contract-${randomUUID()}`;
      const emails = Array.from({ length: N }, (_, i) => message(marker, i));

      // When
      const ids = await sendAll(mailer, emails, IN_FLIGHT);

      // Then
      const inStore = await stored(marker);
      expect(inStore).toHaveLength(N);
      emails.forEach((email, i) => {
        const copies = inStore.filter((s) => s.subject === email.subject);
        expect(copies, `copies of message ${i}`).toHaveLength(1);
        const [copy] = copies;
        expect(copy?.messageId).toBe(ids[i]);
        expect(copy?.destination.to).toEqual([email.to]);
        expect(copy?.from).toBe(email.from);
        expect(copy?.body).toEqual({ html: email.html, text: email.text });
        expect(copy?.headers).toEqual(expect.arrayContaining(email.headers));
      });
      expect(new Set(ids).size).toBe(N);
      afterSending?.();
    });
  });
}

const clients: { destroy(): void }[] = [];
afterAll(() => {
  for (const client of clients) client.destroy();
});

function emulatorClient() {
  const client = createSesClient({ endpoint: sesEndpoint, ...localClientConfig() });
  clients.push(client);
  return client;
}

function sesMailer(client: SesSendClient) {
  // A real limiter on real timers: 50 messages at 200/s keep the suite well under a second of pacing.
  return new SesMailer({
    client,
    limiter: new RateLimiter({ maxPerSecond: 200 }),
    baseDelayMs: 5,
    maxDelayMs: 100,
  });
}

mailerContract("SesMailer on aws-ses-v2-local", () => ({ mailer: sesMailer(emulatorClient()) }));

mailerContract("SesMailer on aws-ses-v2-local with 30 % of calls throttled", () => {
  const client = throttlingClient(emulatorClient(), { fraction: 0.3, seed: 2024 });
  return {
    mailer: sesMailer(client),
    afterSending: () => {
      // The retries must really have been exercised, and every delegated call is one stored message.
      expect(client.stats.throttled).toBeGreaterThan(N * 0.15);
      expect(client.stats.delegated).toBe(N);
    },
  };
});
