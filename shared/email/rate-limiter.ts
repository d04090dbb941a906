/**
 * Keeps the SES send rate at or below `maxPerSecond` (the account's MaxSendRate).
 *
 * Two rules decide when the next permit is granted:
 * - spacing: permits are spread evenly (1000 / max ms apart), because SES measures the rate over
 *   short intervals and a burst of `max` calls at once is throttled even if the second stays under;
 * - window: the permit `max` grants back must be at least 1000 ms old, measured on the clock at the
 *   moment each permit was really granted. Timers fire late under load (and Node's sometimes a
 *   millisecond early), so spacing alone cannot promise "never more than max in any 1 s window";
 *   this rule does, whatever the timers do.
 * Spacing targets follow an ideal schedule rather than the actual (late) grant times, so timer
 * lateness does not add up and the achieved rate stays close to the max under load.
 */
export interface RateLimiterOptions {
  /** Permits per second, at least 1 (SES's sandbox rate). A fraction is rounded down for the window rule. */
  maxPerSecond: number;
  /** Milliseconds on any monotonic-enough clock; injectable for deterministic tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const WINDOW_MS = 1_000;

export class RateLimiter {
  readonly maxPerSecond: number;
  private readonly intervalMs: number;
  private readonly windowSize: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Actual grant times of the last `windowSize` permits, as a ring buffer. */
  private readonly recent: number[] = [];
  private next = 0;
  private lastTarget = Number.NEGATIVE_INFINITY;
  /** Permits are granted one after another, in the order `acquire` was called. */
  private tail: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    const { maxPerSecond } = options;
    if (!Number.isFinite(maxPerSecond) || maxPerSecond < 1) {
      throw new RangeError(`RateLimiter: maxPerSecond must be a finite number >= 1, got ${maxPerSecond}`);
    }
    this.maxPerSecond = maxPerSecond;
    this.intervalMs = WINDOW_MS / maxPerSecond;
    this.windowSize = Math.floor(maxPerSecond);
    this.now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  /** Resolves when the caller may make one call to SES. */
  acquire(): Promise<void> {
    const turn = this.tail.then(() => this.grant());
    // A failing sleep must not wedge every later caller.
    this.tail = turn.catch(() => {});
    return turn;
  }

  private async grant(): Promise<void> {
    for (;;) {
      const target = this.lastTarget + this.intervalMs;
      const oldest = this.recent.length < this.windowSize ? undefined : this.recent[this.next];
      const due = Math.max(target, oldest === undefined ? Number.NEGATIVE_INFINITY : oldest + WINDOW_MS);
      const now = this.now();
      if (now >= due) {
        // Late by less than one interval: keep the ideal schedule. Idle for longer: restart it now,
        // so an idle limiter does not hand out a burst to "catch up".
        this.lastTarget = now - due < this.intervalMs ? due : now;
        this.record(now);
        return;
      }
      await this.sleep(due - now);
    }
  }

  private record(at: number): void {
    if (this.recent.length < this.windowSize) {
      this.recent.push(at);
    } else {
      this.recent[this.next] = at;
    }
    this.next = (this.next + 1) % this.windowSize;
  }
}
