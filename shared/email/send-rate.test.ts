import type { SendEmailCommandOutput } from "@aws-sdk/client-sesv2";
import { describe, expect, it } from "vitest";
import { mulberry32, throttlingClient } from "../../test/support/throttling-mailer";
import { virtualTime } from "../../test/support/virtual-time";
import type { OutgoingEmail } from "./mailer";
import { RateLimiter } from "./rate-limiter";
import { SesMailer } from "./ses-mailer";

const email: OutgoingEmail = {
  from: "shop@example.com",
  to: "kunde@example.com",
  subject: "Hallo",
  html: "<p>Hallo</p>",
  text: "Hallo",
  headers: [],
  tags: {},
};

/** The most timestamps in any half-open window [t, t + 1000 ms). */
function busiestSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  sorted.forEach((t, last) => {
    while (t - (sorted[first] ?? t) >= 1_000) first++;
    most = Math.max(most, last - first + 1);
  });
  return most;
}

/**
 * SesMailer and RateLimiter together on virtual time, as dispatch uses them: `workers` messages in
 * flight, SES answering after 5 to 60 ms and throttling 30 % of calls. Returns the times at which
 * the accepted calls were made.
 */
async function sendThrottled(max: number, messages: number, workers: number, timerLateMs = 0) {
  const late = mulberry32(3);
  const time = virtualTime(() => late() * timerLateMs);
  const random = mulberry32(9);
  const ses = throttlingClient(
    { send: async (): Promise<SendEmailCommandOutput> => ({ MessageId: "m", $metadata: {} }) },
    { fraction: 0.3, seed: 5 },
  );
  const accepted: number[] = [];
  const mailer = new SesMailer({
    client: {
      async send(command) {
        const at = time.now();
        await time.sleep(5 + random() * 55);
        const out = await ses.send(command);
        accepted.push(at);
        return out;
      },
    },
    limiter: new RateLimiter({ maxPerSecond: max, now: time.now, sleep: time.sleep }),
    sleep: time.sleep,
    random,
  });
  let started = 0;
  const worker = async () => {
    while (started < messages) {
      started++;
      await mailer.send(email);
    }
  };
  await time.run(Promise.all(Array.from({ length: workers }, worker)));
  return { accepted, throttled: ses.stats.throttled };
}

describe("send rate under throttling (SesMailer with RateLimiter)", () => {
  for (const [max, timerLateMs] of [
    [14, 0],
    [50, 0],
    [50, 10],
  ] as const) {
    const timers = timerLateMs ? `, timers late by up to ${timerLateMs} ms` : "";
    it(`keeps at least 0.9 of ${max}/s accepted while SES throttles 30 % of calls${timers}, never more than ${max} in a second`, async () => {
      // Arrange, act
      const { accepted, throttled } = await sendThrottled(max, max * 20, 8, timerLateMs);
      // Assert
      const first = Math.min(...accepted);
      const rate = ((accepted.length - 1) / (Math.max(...accepted) - first)) * 1_000;
      expect(throttled).toBeGreaterThan(max * 20 * 0.2);
      expect(accepted).toHaveLength(max * 20);
      expect(rate).toBeGreaterThanOrEqual(0.9 * max);
      expect(busiestSecond(accepted)).toBeLessThanOrEqual(max);
    });
  }
});
