/**
 * Keeps the SES send rate at or below `maxPerSecond` (the account's MaxSendRate).
 *
 * Two rules decide when the next permit is granted:
 * - spacing: permits are spread evenly (1000 / max ms apart), because SES measures the rate over
 *   short intervals and a burst of `max` calls at once is throttled even if the second stays under;
 * - window: the permit `max` grants back must be at least 1000 ms (and a small guard) old, measured
 *   on the clock at the moment each permit was really granted. Timers fire late under load (and Node's sometimes a
 *   millisecond early), so spacing alone cannot promise "never more than max in any 1 s window";
 *   this rule does, whatever the timers do.
 * Spacing targets follow an ideal schedule rather than the actual (late) grant times, so timer
 * lateness does not add up and the achieved rate stays close to the max under load.
 *
 * SES counts only the messages it accepts against the rate: a call it throttled was not accepted.
 * The caller hands such a permit back (`Permit.release`), so it leaves the window and frees its
 * spacing slot; otherwise a 30 % throttling rate would hold accepted mail to 0.7 of the max.
 */
export interface RateLimiterOptions {
  /** Permits per second, at least 1 (SES's sandbox rate). A fraction is rounded down for the window rule. */
  maxPerSecond: number;
  /** Milliseconds on any monotonic-enough clock; injectable for deterministic tests. */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const WINDOW_MS = 1_000;
/**
 * The window rule looks back a little more than a second: the call to SES starts a moment after
 * its permit (other callbacks run in between, more so on a busy event loop), and SES counts calls,
 * not permits. Costs 2.5 % of the rate.
 */
const GUARD_MS = 25;
/** How late a timer may fire and the schedule still catch up (a few permits at once at most). */
const CATCH_UP_MS = 50;

/** One granted call. `release()`: the call certainly did not count against SES's rate (throttled). */
export interface Permit {
  release(): void;
}

export class RateLimiter {
  readonly maxPerSecond: number;
  private readonly intervalMs: number;
  private readonly windowSize: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /** Actual grant times of the permits granted in the last second and not released, oldest first. */
  private readonly counted: { at: number }[] = [];
  private lastTarget = Number.NEGATIVE_INFINITY;
  /** Permits are granted one after another, in the order `acquire` was called. */
  private tail: Promise<void> = Promise.resolve();
  /** Wakes the caller waiting for the next permit early, when a permit is handed back. */
  private wake: (() => void) | undefined;

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
  acquire(): Promise<Permit> {
    const asked = this.now();
    const turn = this.tail.then(() => this.grant(asked));
    // A failing sleep must not wedge every later caller.
    this.tail = turn.then(
      () => {},
      () => {},
    );
    return turn;
  }

  private async grant(asked: number): Promise<Permit> {
    for (;;) {
      const target = this.lastTarget + this.intervalMs;
      const n = this.counted.length;
      const oldest = n < this.windowSize ? undefined : this.counted[n - this.windowSize]?.at;
      const due = Math.max(
        target,
        oldest === undefined ? Number.NEGATIVE_INFINITY : oldest + WINDOW_MS + GUARD_MS,
      );
      const now = this.now();
      if (now >= due) {
        // Keep the ideal schedule when late by less than one interval, or, for a caller that was
        // already waiting when its slot came (a timer fired late on a busy event loop), by less
        // than CATCH_UP_MS. Idle or stalled for longer: restart it now, so the limiter does not
        // hand out a burst to "catch up".
        const tolerance = asked <= due ? Math.max(this.intervalMs, CATCH_UP_MS) : this.intervalMs;
        this.lastTarget = now - due < tolerance ? due : now;
        return this.record(now);
      }
      await Promise.race([
        this.sleep(due - now),
        new Promise<void>((resolve) => {
          this.wake = resolve;
        }),
      ]);
      this.wake = undefined;
    }
  }

  private record(at: number): Permit {
    // A grant older than the window satisfies the window rule for every later grant: it can go.
    while ((this.counted[0]?.at ?? at) <= at - WINDOW_MS - GUARD_MS) this.counted.shift();
    const entry = { at };
    this.counted.push(entry);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        const i = this.counted.indexOf(entry);
        if (i >= 0) this.counted.splice(i, 1);
        // Its spacing slot is free again: the schedule moves back one interval (never later), but
        // not so far that handing back many permits at once would allow more than two at once.
        const sooner = Math.max(this.lastTarget - this.intervalMs, this.now() - 2 * this.intervalMs);
        this.lastTarget = Math.min(this.lastTarget, sooner);
        this.wake?.();
      },
    };
  }
}
