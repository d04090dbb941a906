/**
 * Virtual time for timing tests of concurrent code: `sleep` parks the caller until the clock
 * reaches its wake time, and `run` advances the clock from one wake time to the next whenever
 * every task is waiting. Unlike a clock that jumps on each sleep call, concurrent sleeps overlap
 * as they would on real timers, so latencies and backoffs add up realistically.
 */
export function virtualTime(timerError: () => number = () => 0) {
  let now = 1_700_000_000_000;
  let seq = 0;
  const timers: { at: number; seq: number; wake: () => void }[] = [];
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => now,
    /** Like setTimeout: however early the timer fires, at least a millisecond passes. */
    sleep: (ms: number) =>
      new Promise<void>((wake) => {
        timers.push({ at: now + Math.max(1, ms + timerError()), seq: seq++, wake });
      }),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const finished = work.finally(() => {
        done = true;
      });
      for (;;) {
        await settle();
        if (done) return finished;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) throw new Error("virtualTime: every task waits and no timer is set");
        now = Math.max(now, next.at);
        next.wake();
      }
    },
  };
}
