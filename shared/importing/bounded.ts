/**
 * Runs tasks with at most `limit` at once, but one at a time per key (a customer): writes to one
 * profile never race each other, so each takes the profile writer's one-write fast path, and a
 * customer's events are applied in file order. A task waiting for its key holds no slot. `run`
 * returns once the task is queued, and waits while `4 x limit` are queued, so a streaming reader
 * that awaits it is paced by the writes. The first failure is kept and stops new tasks.
 */
export class KeyedRunner {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly slotWaiters: (() => void)[] = [];
  private readonly queueWaiters: (() => void)[] = [];
  private active = 0;
  private pending = 0;
  error: unknown;
  failed = false;

  constructor(private readonly limit: number) {}

  async run(key: string, task: () => Promise<void>): Promise<void> {
    while (this.pending >= this.limit * 4) await new Promise<void>((r) => this.queueWaiters.push(r));
    if (this.failed) return;
    this.pending++;
    const tail = (this.tails.get(key) ?? Promise.resolve())
      .then(() => this.slot())
      .then(async () => {
        try {
          if (!this.failed) await task();
        } catch (error) {
          if (!this.failed) this.error = error;
          this.failed = true;
        } finally {
          this.active--;
          this.pending--;
          this.slotWaiters.shift()?.();
          this.queueWaiters.shift()?.();
        }
      });
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
  }

  async drain(): Promise<void> {
    while (this.tails.size > 0) await Promise.all(this.tails.values());
  }

  private async slot(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.slotWaiters.push(r));
    this.active++;
  }
}

/**
 * The resume point of work started in line order and finished in any order: every line at or
 * below `safeLine()` is done. Lines are started in non-decreasing order.
 */
export class LineWatermark {
  private readonly started: { line: number; done: boolean }[] = [];
  private head = 0;
  private reached = 0;

  /** The reader has reached `line`: everything on earlier lines has been started or needs nothing. */
  reach(line: number): void {
    this.reached = line;
  }

  start(line: number): { line: number; done: boolean } {
    const ticket = { line, done: false };
    this.started.push(ticket);
    return ticket;
  }

  finish(ticket: { done: boolean }): void {
    ticket.done = true;
    while (this.head < this.started.length && this.started[this.head]?.done) this.head++;
    // Drop the finished prefix now and then so the queue stays as small as the work in flight.
    if (this.head > 1024) {
      this.started.splice(0, this.head);
      this.head = 0;
    }
  }

  allFinished(): boolean {
    return this.head >= this.started.length;
  }

  /** More items may follow on the line reached, so it is safe only up to the line before. */
  safeLine(): number {
    const pending = this.started[this.head];
    return Math.max(0, Math.min(this.reached, pending ? pending.line : this.reached) - 1);
  }
}
