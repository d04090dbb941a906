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

/**
 * Like SES under injected throttling: a seeded `fraction` of attempts is refused and its permit
 * handed back, then the message is tried again. Returns the grant times of the accepted attempts.
 */
async function acceptedTimes(
  limiter: RateLimiter,
  time: { now: () => number },
  messages: number,
  fraction: number,
  workers = 10,
) {
  const random = mulberry32(42);
  const times: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < messages) {
      started++;
      for (;;) {
        const permit = await limiter.acquire();
        if (random() >= fraction) break;
        permit.release();
      }
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

  for (const [timing, timerError] of Object.entries(timers)) {
    for (const max of [1, 14, 50]) {
      it(`never grants more than ${max} kept permits in any 1 s window while 30 % are handed back (timers ${timing})`, async () => {
        const time = fakeTime(timerError());
        const limiter = new RateLimiter({ maxPerSecond: max, ...time });
        const accepted = await acceptedTimes(limiter, time, Math.ceil(max * 20), 0.3);
        expect(busiestSecond(accepted)).toBeLessThanOrEqual(max);
      });
    }
  }

  it("keeps at least 0.9 of the max while 30 % of permits are handed back", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 14, ...time });
    const accepted = await acceptedTimes(limiter, time, 14 * 30, 0.3);
    expect(achievedRate(accepted)).toBeGreaterThanOrEqual(0.9 * 14);
    expect(busiestSecond(accepted)).toBeLessThanOrEqual(14);
  });

  it("lets the next permit take the spacing slot of a handed-back one, without a burst", async () => {
    // Arrange: three permits at 0, 100 and 200 ms; the first is handed back at 250 ms.
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 10, ...time });
    const start = time.now();
    const permits = [];
    for (let i = 0; i < 3; i++) permits.push(await limiter.acquire());
    await time.sleep(50);
    permits[0]?.release();
    // Act
    const grants: number[] = [];
    for (let i = 0; i < 2; i++) {
      await limiter.acquire();
      grants.push(time.now() - start);
    }
    // Assert: a whole slot is won back: at once (not at 300 ms), then on the old schedule.
    expect(grants).toEqual([250, 300]);
  });

  it("catches up after a late timer with at most three permits at once", async () => {
    // Arrange: every timer fires 45 ms late (a busy event loop), 20 ms spacing.
    const time = fakeTime(() => 45);
    const limiter = new RateLimiter({ maxPerSecond: 50, ...time });
    // Act
    const times = await grantTimes(limiter, time, 200);
    // Assert
    const atOnce = new Map<number, number>();
    for (const t of times) atOnce.set(t, (atOnce.get(t) ?? 0) + 1);
    expect(Math.max(...atOnce.values())).toBeLessThanOrEqual(3);
    expect(achievedRate(times)).toBeGreaterThanOrEqual(0.9 * 50);
    expect(busiestSecond(times)).toBeLessThanOrEqual(50);
  });

  it("looks back a little more than a second, since the call starts a moment after its permit", async () => {
    const time = fakeTime();
    const limiter = new RateLimiter({ maxPerSecond: 2, ...time });
    const times = await grantTimes(limiter, time, 3, 1);
    const start = times[0] ?? 0;
    expect(times.map((t) => t - start)).toEqual([0, 500, 1025]);
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
