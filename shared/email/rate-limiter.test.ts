import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../test/support/throttling-mailer";
import { RateLimiter } from "./rate-limiter";

/** Fake time: `sleep` moves the clock, optionally late (a busy event loop) or early (Node's timers). */
function fakeTime(timerError: () => number = () => 0) {
  let now = 1_700_000_000_000;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      // Like setTimeout: however early it fires, at least a millisecond passes.
      now += Math.max(1, ms + timerError());
    },
  };
}

async function grantTimes(limiter: RateLimiter, time: { now: () => number }, permits: number, workers = 10) {
  const times: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < permits) {
      started++;
      await limiter.acquire();
      times.push(time.now());
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return times;
}

/** The most permits granted in any half-open window [t, t + 1000 ms). */
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

function achievedRate(times: number[]): number {
  const first = times[0] ?? 0;
  const last = times[times.length - 1] ?? 0;
  return ((times.length - 1) / (last - first)) * 1_000;
}

describe("RateLimiter", () => {
  const timers = {
    exact: () => () => 0,
    "late by up to 40 ms": () => {
      const random = mulberry32(7);
      return () => random() * 40;
    },
    "early by up to 1 ms or late by up to 5 ms": () => {
      const random = mulberry32(11);
      return () => random() * 6 - 1;
    },
  };

  for (const [timing, timerError] of Object.entries(timers)) {
    for (const max of [1, 14, 50, 3.5]) {
      it(`never grants more than ${max} permits in any 1 s window (timers ${timing})`, async () => {
        // Arrange
        const time = fakeTime(timerError());
        const limiter = new RateLimiter({ maxPerSecond: max, ...time });
        // Act
        const times = await grantTimes(limiter, time, Math.ceil(max * 20));
        // Assert
        expect(busiestSecond(times)).toBeLessThanOrEqual(Math.floor(max));
      });
    }
  }

  it("achieves at least 0.9 of the max under load", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 14, ...time });
    const times = await grantTimes(limiter, time, 14 * 30);
    expect(achievedRate(times)).toBeGreaterThanOrEqual(0.9 * 14);
    expect(busiestSecond(times)).toBeLessThanOrEqual(14);
  });

  it("achieves at least 0.9 of the max when timers fire late", async () => {
    const random = mulberry32(3);
    const time = fakeTime(() => random() * 5);
    const limiter = new RateLimiter({ maxPerSecond: 100, ...time });
    const rate = achievedRate(await grantTimes(limiter, time, 100 * 30));
    expect(rate).toBeGreaterThanOrEqual(0.9 * 100);
  });

  it("spaces permits evenly instead of granting a burst", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 10, ...time });
    const times = await grantTimes(limiter, time, 4, 4);
    const start = times[0] ?? 0;
    expect(times.map((t) => t - start)).toEqual([0, 100, 200, 300]);
  });

  it("does not hand out a catch-up burst after being idle", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 10, ...time });
    await grantTimes(limiter, time, 3, 1);
    await time.sleep(5_000);
    const times = await grantTimes(limiter, time, 3, 3);
    const start = times[0] ?? 0;
    expect(times.map((t) => t - start)).toEqual([0, 100, 200]);
  });

  it("grants permits in the order they were asked for", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 5, ...time });
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((n) => limiter.acquire().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4]);
  });

  it("rejects a max below 1 with a message naming it", () => {
    expect(() => new RateLimiter({ maxPerSecond: 0 })).toThrow(/maxPerSecond/);
    expect(() => new RateLimiter({ maxPerSecond: Number.NaN })).toThrow(/maxPerSecond/);
  });
});
