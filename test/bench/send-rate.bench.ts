import { randomUUID } from "node:crypto";
import { localClientConfig } from "../../infra/local/emulators";
import { RateLimiter } from "../../shared/email/rate-limiter";
import {
  createSesClient,
  type SendLimiter,
  SesMailer,
  type SesSendClient,
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
 * SesMailer + RateLimiter on SES local with 30 % of calls throttled: accepted messages per second
 * against the max, and the busiest second. `keepThrottledPermits` is the old behaviour (a throttled
 * attempt used up its permit), for comparison in the same run.
 */
async function sendRate(sesEndpoint: string, keepThrottledPermits: boolean) {
  const max = 50;
  const n = 400;
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
  try {
    // Warm the SDK client and the emulator's connection up, outside the measurement.
    const warm = new SesMailer({ client: inner, limiter: { acquire: async () => undefined } });
    await pool([-1, -2, -3, -4, -5, -6, -7, -8], 8, async (i) => void (await warm.send(message(i))));
    const ids = Array.from({ length: n }, (_, i) => i);
    await pool(ids, inFlight, async (i) => void (await mailer.send(message(i))));
  } finally {
    inner.destroy();
  }
  const { emails } = (await (await fetch(`${sesEndpoint}/store`)).json()) as {
    emails: { subject: string }[];
  };
  // Every message exactly once: the retries neither lost nor duplicated any (warm-up ones aside).
  const stored = emails.map((e) => e.subject).filter((s) => s.includes(marker) && !s.includes("] -"));
  if (stored.length !== n || new Set(stored).size !== n || accepted.length !== n)
    throw new Error(`${stored.length} stored and ${accepted.length} accepted of ${n}`);
  const first = Math.min(...accepted);
  const rate = ((n - 1) / (Math.max(...accepted) - first)) * 1000;
  return {
    max,
    n,
    inFlight,
    rate,
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
      name: `SES sends accepted per second / max (max ${now.max}/s, 30 % of calls throttled, ${now.n} messages, ${now.inFlight} in flight)`,
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
