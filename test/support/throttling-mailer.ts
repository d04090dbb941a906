import {
  type SendEmailCommand,
  type SendEmailCommandOutput,
  TooManyRequestsException,
} from "@aws-sdk/client-sesv2";
import type { SesSendClient } from "../../shared/email/ses-mailer";

/**
 * Fault injection: an SES client that answers a seeded fraction of calls the way SES does when the
 * account's send rate is exceeded, and passes the rest to the real client (aws-ses-v2-local). A
 * throttled call never reaches the emulator, exactly as SES does not accept a throttled message,
 * so the emulator's store shows whether the mailer's retries lost or duplicated anything.
 */
export interface ThrottlingClient extends SesSendClient {
  readonly stats: { calls: number; throttled: number; delegated: number };
}

export function throttlingClient(
  inner: SesSendClient,
  options: { fraction: number; seed: number },
): ThrottlingClient {
  if (!(options.fraction >= 0 && options.fraction < 1)) {
    throw new RangeError(`throttlingClient: fraction must be in [0, 1), got ${options.fraction}`);
  }
  const random = mulberry32(options.seed);
  const stats = { calls: 0, throttled: 0, delegated: 0 };
  return {
    stats,
    async send(command: SendEmailCommand): Promise<SendEmailCommandOutput> {
      stats.calls++;
      if (random() < options.fraction) {
        stats.throttled++;
        throw new TooManyRequestsException({
          message: "Maximum sending rate exceeded.",
          $metadata: { httpStatusCode: 429, requestId: `throttled-${stats.calls}` },
        });
      }
      stats.delegated++;
      return inner.send(command);
    },
  };
}

/** A small seeded PRNG, so a failing run can be replayed with the same throttling pattern. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
