import { randomUUID } from "node:crypto";
import { localClientConfig } from "../../infra/local/emulators";
import { RateLimiter } from "../../shared/email/rate-limiter";
import {
  createSesClient,
  type SendLimiter,
  SesMailer,
  type SesSendClient,
  TransientSendError,
} from "../../shared/email/ses-mailer";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { throttlingClient } from "../support/throttling-mailer";
import { fmt, pool, type Row } from "./harness";

/** The most timestamps in any window [t, t + 1000 ms). */
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
 * SesMailer + RateLimiter on SES local with 30 % of calls throttled, under sustained demand (as a
 * busy dispatch: `inFlight` messages at a time, new ones as others finish, for `seconds`): accepted
 * calls per second against the max, and the busiest second. A finite batch would measure its
 * own tail instead (the last message backing off alone for seconds). `keepThrottledPermits` is
 * the old behaviour (a throttled attempt used up its permit), for comparison in the same run.
 */
async function sendRate(sesEndpoint: string, keepThrottledPermits: boolean) {
  const max = 50;
  const seconds = 8;
  const inFlight = 32;
  const inner = createSesClient({ endpoint: sesEndpoint, ...localClientConfig() });
  const throttled = throttlingClient(inner, { fraction: 0.3, seed: 2024 });
  const attempts: number[] = [];
  const accepted: number[] = [];
  const timed: SesSendClient = {
    async send(command) {
      const at = performance.now();
      attempts.push(at);
      const out = await throttled.send(command);
      accepted.push(at);
      return out;
    },
  };
  const limiter = new RateLimiter({ maxPerSecond: max });
  const kept: SendLimiter = {
    acquire: async () => {
      await limiter.acquire();
      return undefined;
    },
  };
  const mailer = new SesMailer({ client: timed, limiter: keepThrottledPermits ? kept : limiter });
  const marker = `rate-${randomUUID()}`;
  const message = (i: number) => ({
    from: LOCAL_DEFAULTS.SENDER,
    to: `rate-${i}@bench.example`,
    subject: `[${marker}] ${i}`,
    html: "<p>x</p>",
    text: "x",
    headers: [],
    tags: {},
  });
  let sent = 0;
  let start = 0;
  try {
    // Warm the SDK client and the emulator's connection up, outside the measurement.
    const warm = new SesMailer({ client: inner, limiter: { acquire: async () => undefined } });
    await pool([-1, -2, -3, -4, -5, -6, -7, -8], 8, async (i) => void (await warm.send(message(i))));
    start = performance.now();
    const end = start + seconds * 1000;
    const worker = async () => {
      while (performance.now() < end) {
        const i = sent++;
        // Throttled 8 times in a row (0.3^8): not sent, so tried again, as the next dispatch would.
        for (;;) {
          try {
            await mailer.send(message(i));
            break;
          } catch (error) {
            if (!(error instanceof TransientSendError) || error.mayHaveBeenSent) throw error;
          }
        }
      }
    };
    await Promise.all(Array.from({ length: inFlight }, worker));
  } finally {
    inner.destroy();
  }
  const { emails } = (await (await fetch(`${sesEndpoint}/store`)).json()) as {
    emails: { subject: string }[];
  };
  // Every message exactly once: the retries neither lost nor duplicated any (warm-up ones aside).
  const stored = emails.map((e) => e.subject).filter((s) => s.includes(marker) && !s.includes("] -"));
  if (stored.length !== sent || new Set(stored).size !== sent || accepted.length !== sent)
    throw new Error(`${stored.length} stored and ${accepted.length} accepted of ${sent}`);
  const inTime = accepted.filter((at) => at < start + seconds * 1000).length;
  return {
    max,
    seconds,
    inFlight,
    rate: inTime / seconds,
    busiest: busiestSecond(accepted),
    busiestAttempts: busiestSecond(attempts),
    throttled,
  };
}

export async function sendRateRows(sesEndpoint: string): Promise<Row[]> {
  const now = await sendRate(sesEndpoint, false);
  const before = await sendRate(sesEndpoint, true);
  return [
    {
      name: `SES sends accepted per second / max (max ${now.max}/s, 30 % of calls throttled, ${now.inFlight} in flight for ${now.seconds} s)`,
      value: fmt(now.rate / now.max),
      target: ">= 0.90",
      note: `${fmt(now.rate, 1)}/s; ${now.throttled.stats.throttled} throttled calls retried; every message stored once`,
    },
    {
      name: "busiest 1 s of accepted sends / max",
      value: fmt(now.busiest / now.max),
      target: "<= 1.00",
      note: `attempts incl. throttled: ${fmt(now.busiestAttempts / now.max)} of max (a throttled call does not count at SES)`,
    },
    {
      name: "same, if a throttled attempt kept its permit (before)",
      value: fmt(before.rate / before.max),
      note: `busiest second ${fmt(before.busiest / before.max)} of max`,
    },
  ];
}
