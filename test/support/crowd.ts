import { randomUUID } from "node:crypto";
import { expect } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { foldEvent, type ProfileState } from "../../shared/domain/profile";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { consentEvent, shuffle } from "./builders";
import { postEvents } from "./local-host";
import { seedProfiles } from "./seed-profiles";
import type { StoredEmail } from "./ses-store";

/**
 * Many customers at once, for the concurrency tests: a crowd with unique ids and addresses, its
 * events posted as concurrent requests in shuffled order, and the SES store counted per person.
 */
export interface Person {
  id: string;
  email: string;
  firstName: string;
  locale: string;
  timeZone: string;
}

/** How many customers per scenario: 100 in `npm test`; the bench (or CROWD_SIZE) asks for more. */
export const crowdSize = () => Number(process.env.CROWD_SIZE ?? 100);
export const crowdRounds = () => Number(process.env.CROWD_ROUNDS ?? 3);

export function crowd(n: number, tag: string): Person[] {
  const run = randomUUID().slice(0, 6);
  return Array.from({ length: n }, (_, i) => {
    const id = `${tag}-${run}-${i}`;
    return { id, email: `${id}@example.com`, firstName: "Anna", locale: "de-DE", timeZone: "Europe/Berlin" };
  });
}

/** Posts each group of events as its own request, all requests at once, then waits for the bus. */
export async function postConcurrently(
  host: LocalHost,
  groups: readonly CanonicalEvent[][],
  random: () => number,
): Promise<void> {
  const responses = await Promise.all(shuffle(groups, random).map((events) => postEvents(host, { events })));
  for (const res of responses) expect(res.status).toBe(202);
  await host.bus.idle();
}

/** Registered customers with confirmed marketing consent, at `at`. */
export function signUps(people: readonly Person[], at: string): CanonicalEvent[] {
  return people.flatMap((p) => [
    {
      id: `${p.id}-reg`,
      shop: "default",
      type: "customer.registered" as const,
      occurredAt: at,
      customer: p,
      data: {},
    },
    consentEvent("consent.granted", { id: `${p.id}-opt`, customer: p, at, confirmedAt: at }),
  ]);
}

/**
 * The same customers written straight into the table, folded from their sign-up events as the
 * profile writer folds them: the scenarios start from customers on file without paying for (or
 * mailing) their welcome journeys.
 */
export async function seedCrowd(host: LocalHost, people: readonly Person[], at: string): Promise<void> {
  const events = signUps(people, at);
  const states: ProfileState[] = [];
  for (let n = 0; n < events.length; n += 2) {
    const registered = foldEvent(undefined, events[n] as CanonicalEvent).state;
    states.push(foldEvent(registered, events[n + 1] as CanonicalEvent).state);
  }
  await seedProfiles(host.db, host.tableName, states);
}

/** Every mail in the SES store (shared by the whole test run), read once. */
export async function allMail(host: LocalHost): Promise<StoredEmail[]> {
  const res = await fetch(`${host.sesEndpoint}/store`);
  return ((await res.json()) as { emails: StoredEmail[] }).emails;
}

/** How many mails with this subject each person got (0 included). */
export async function countMail(
  host: LocalHost,
  people: readonly Person[],
  subject: string,
): Promise<Map<string, number>> {
  const counts = new Map(people.map((p) => [p.email.toLowerCase(), 0]));
  for (const mail of await allMail(host)) {
    if (mail.subject !== subject) continue;
    for (const to of mail.destination.to) {
      const address = to.toLowerCase().match(/<?([^<>\s]+@[^<>\s]+)>?$/)?.[1] ?? to.toLowerCase();
      const n = counts.get(address);
      if (n !== undefined) counts.set(address, n + 1);
    }
  }
  return counts;
}

/** The people whose count is not `expected`: the failing ones, named in the assertion message. */
export function notExactly(counts: Map<string, number>, expected: number): string[] {
  return [...counts].filter(([, n]) => n !== expected).map(([email, n]) => `${email}: ${n}`);
}
