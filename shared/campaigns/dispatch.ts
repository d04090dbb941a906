import { randomUUID } from "node:crypto";
import type { JourneyInstance, JourneyStore } from "../persistence/journey-store";
import { PRIORITIES } from "./definition";
import { type DeliveryDeps, type DeliveryOutcome, deliverInstance } from "./deliver";
import { breakerReader, DEFAULT_BREAKER } from "./guardrails";

export interface DispatchSummary {
  now: string;
  hours: number;
  due: number;
  outcomes: Partial<Record<DeliveryOutcome, number>>;
  /** Due but not started before the run had to stop (`shouldStop`): the next run takes them. */
  left?: number;
  /** Shops whose promotional mail the circuit breaker held back in this run: `<scope>:<reason>`. */
  breakerOpen?: Record<string, string>;
  /** Set when another run held the dispatch lease: this one did nothing. */
  overlapping?: true;
}

/** How long a run's lease holds at most: the Lambda timeout (60 s) and a margin. */
export const DISPATCH_LEASE_MS = 90_000;

const HOUR = 3_600_000;
const hourOf = (ms: number) => new Date(ms).toISOString().slice(0, 13);
/** Without a cursor yet, look back this far; with one, always re-read the last two hours (late instances). */
const FIRST_LOOKBACK_HOURS = 7 * 24;
const RECHECK_HOURS = 2;

/**
 * The scheduled `dispatch` job: reads what is due at `now` from the byDueTime index, hour bucket
 * by hour bucket from a cursor (Queries, never a Scan), and delivers it, highest priority first.
 * The cursor only moves past a bucket once nothing in it waits any more.
 */
export async function dispatchDue(
  now: Date,
  deps: DeliveryDeps & {
    /** The wall clock the lease runs on (default Date.now). */
    wallClock?: () => number;
    concurrency?: number;
    /**
     * Asked before each message: true stops starting new sends. In AWS the run stops well before
     * the Lambda timeout, since a send cut off between SES's accept and its record would be sent
     * again after the lease; it also keeps runs from overlapping, so one rate limiter holds the rate.
     */
    shouldStop?: () => boolean;
  },
): Promise<DispatchSummary> {
  if (!deps.dispatchLease) return runDispatch(now, deps);
  const owner = randomUUID();
  if (!(await deps.dispatchLease.acquire(owner, (deps.wallClock ?? Date.now)(), DISPATCH_LEASE_MS))) {
    return { now: now.toISOString(), hours: 0, due: 0, outcomes: {}, overlapping: true };
  }
  try {
    return await runDispatch(now, deps);
  } finally {
    await deps.dispatchLease.release(owner);
  }
}

async function runDispatch(
  now: Date,
  deps: DeliveryDeps & { concurrency?: number; shouldStop?: () => boolean },
): Promise<DispatchSummary> {
  const nowIso = now.toISOString();
  const cursor = await deps.journeys.readCursor();
  const startMs = Math.min(
    cursor ? Date.parse(`${cursor}:00:00Z`) : now.getTime() - FIRST_LOOKBACK_HOURS * HOUR,
    now.getTime() - RECHECK_HOURS * HOUR,
  );
  // Up to the cursor's hour if that is later than `now` (a run with an earlier clock, as replays and
  // tests do): late instances are filed under the cursor's hour (JourneyStore.create).
  const endMs = Math.max(now.getTime(), cursor ? Date.parse(`${cursor}:00:00Z`) : 0);
  const hours: string[] = [];
  for (let t = Date.parse(`${hourOf(startMs)}:00:00Z`); t <= endMs; t += HOUR) hours.push(hourOf(t));

  const due: JourneyInstance[] = [];
  for (const hour of hours) due.push(...(await readBucket(deps.journeys, hour, nowIso)));
  const rank = (p: string) => PRIORITIES.indexOf(p as (typeof PRIORITIES)[number]);
  due.sort((a, b) => rank(a.priority) - rank(b.priority) || (a.dueAt < b.dueAt ? -1 : 1));

  // The breaker's counters are read once per shop and run, not once per message.
  const breakerOpen: Record<string, string> = {};
  const read = deps.stats
    ? breakerReader(deps.stats, now, deps.config.breaker ?? DEFAULT_BREAKER)
    : undefined;
  const run: DeliveryDeps = read
    ? {
        ...deps,
        breaker: async (shop) => {
          const state = await read(shop);
          if (state.open) breakerOpen[shop] = `${state.scope}:${state.reason}`;
          return state;
        },
      }
    : deps;
  const outcomes: DispatchSummary["outcomes"] = {};
  const stuck = new Set<string>();
  let next = 0;
  await Promise.all(
    Array.from({ length: deps.concurrency ?? 8 }, async () => {
      while (next < due.length) {
        if (deps.shouldStop?.()) return;
        const instance = due[next++] as JourneyInstance;
        const outcome = await deliverInstance(instance, now, run);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome === "failed") stuck.add(bucketOf(instance));
      }
    }),
  );
  // Leased (sending) instances keep their bucket open until they are resolved, and so do those
  // this run did not get to.
  for (const i of due) if (i.status === "sending") stuck.add(bucketOf(i));
  const left = due.length - Math.min(next, due.length);
  for (const i of due.slice(next)) stuck.add(bucketOf(i));
  const oldestOpen = [...stuck].sort()[0];
  await deps.journeys.writeCursor(oldestOpen ?? hourOf(endMs));
  return {
    now: nowIso,
    hours: hours.length,
    due: due.length,
    outcomes,
    ...(left > 0 ? { left } : {}),
    // In the run's log line ("dispatched"), so an open breaker is visible and can be alarmed on.
    ...(Object.keys(breakerOpen).length > 0 ? { breakerOpen } : {}),
  };
}

/** The hour bucket an instance is filed under: its due hour, or the later one a late instance got. */
function bucketOf(i: JourneyInstance): string {
  const filed = (i as JourneyInstance & { duePk?: string }).duePk;
  return filed?.startsWith("DUE#") ? filed.slice(4) : i.dueAt.slice(0, 13);
}

async function readBucket(journeys: JourneyStore, hour: string, now: string): Promise<JourneyInstance[]> {
  const out: JourneyInstance[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await journeys.queryDue(hour, now, startKey);
    // Waiting, or claimed by a dispatch whose lease has run out (it crashed).
    out.push(
      ...page.items.filter(
        (i) => i.status === "scheduled" || (i.status === "sending" && (i.leaseUntil ?? "") < now),
      ),
    );
    startKey = page.next;
  } while (startKey);
  return out;
}
