import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { ShopEvent } from "../../shared/events/product-events";
import { instanceId, type JourneyInstance, JourneyStore } from "../../shared/persistence/journey-store";
import { consentEvent, orderPlaced } from "../support/builders";
import { admin, postEvents } from "../support/local-host";
import { header, mailTo, type StoredEmail } from "../support/ses-store";

/**
 * Given / when / then steps for the playbook's stories, through the local host: events in over
 * HTTP, the dispatch job at a chosen `now`, SES feedback injected as SES would publish it, and the
 * mail read back from SES local. Dispatch reads from a cursor, so a file's stories move forward in
 * time: each story lives in its own week.
 */

export interface StoryCustomer {
  id: string;
  email: string;
  firstName: string;
  locale: string;
  timeZone: string;
}

/**
 * As if the every-minute dispatch had been running up to `iso`: its cursor stands at that hour, so
 * the first dispatch of a story reads from there instead of a week back (as on a fresh table).
 */
export async function dispatchRunningSince(host: LocalHost, iso: string): Promise<void> {
  await new JourneyStore(host.db, host.tableName).writeCursor(iso.slice(0, 13));
}

/** Customer and catalog events alike, over POST /events. */
export async function send(host: LocalHost, events: readonly ShopEvent[]): Promise<void> {
  const res = await postEvents(host, { events });
  expect(res.status).toBe(202);
  await host.bus.idle();
}

/**
 * The scheduler fires at `now`, having kept up until then: the dispatch cursor stands at this hour,
 * so the job reads the last two hours of due messages (as in AWS, where it runs every minute)
 * rather than everything since the story's previous dispatch. A story therefore dispatches within
 * two hours of what it expects to go out; it asserts on the ledger when it expects silence.
 */
export async function dispatch(host: LocalHost, now: string) {
  await dispatchRunningSince(host, now);
  host.clock.set(now);
  const summary = (await host.jobs.dispatch?.(new Date(now))) as {
    due: number;
    outcomes: Record<string, number>;
  };
  await host.bus.idle();
  return summary;
}

/**
 * A registered customer with confirmed consent. Unless `consentAt` says otherwise they confirmed
 * long before the story (on New Year's Day), so their welcome lies behind the dispatch cursor and
 * never goes out: the welcome is told by its own story.
 */
export async function givenCustomer(
  host: LocalHost,
  options: { locale?: string; timeZone?: string; consent?: boolean; consentAt?: string } = {},
): Promise<StoryCustomer> {
  const id = `p-${randomUUID().slice(0, 8)}`;
  const customer = {
    id,
    email: `${id}@example.com`,
    firstName: "Anna",
    locale: options.locale ?? "de-DE",
    timeZone: options.timeZone ?? "Europe/Berlin",
  };
  const at = options.consentAt ?? "2026-01-01T08:00:00.000Z";
  const events: CanonicalEvent[] = [
    { id: `${id}-reg`, shop: "default", type: "customer.registered", occurredAt: at, customer, data: {} },
  ];
  if (options.consent !== false)
    events.push(consentEvent("consent.granted", { id: `${id}-opt`, customer, at, confirmedAt: at }));
  await send(host, events);
  return customer;
}

export function order(
  customer: StoryCustomer,
  over: { orderId: string; at: string; categories?: string[]; coupons?: string[] },
): CanonicalEvent {
  return orderPlaced({
    id: `${customer.id}-${over.orderId}`,
    customer: { id: customer.id },
    ...over,
    categories: over.categories ?? ["phones"],
  });
}

export async function instancesOf(
  host: LocalHost,
  customer: { id: string },
  campaignId?: string,
): Promise<JourneyInstance[]> {
  const out = await host.db.send(
    new QueryCommand({
      TableName: host.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :j)",
      ExpressionAttributeValues: { ":pk": `S#default#C#id:${customer.id}`, ":j": "J#" },
      ConsistentRead: true,
    }),
  );
  const all = (out.Items ?? []) as JourneyInstance[];
  return campaignId ? all.filter((i) => i.campaignId === campaignId) : all;
}

/** The mail one campaign sent this customer: SES local's messages whose ids its instances recorded. */
export async function mailsOf(
  host: LocalHost,
  customer: StoryCustomer,
  campaignId: string,
): Promise<StoredEmail[]> {
  const ids = new Set((await instancesOf(host, customer, campaignId)).flatMap((i) => i.messageId ?? []));
  return (await mailTo(host, customer.email)).filter((m) => ids.has(m.messageId));
}

/** The customer opens (or clicks in) the mail a campaign sent: SES's own record, tagged as we send. */
export async function engage(
  host: LocalHost,
  customer: StoryCustomer,
  campaignId: string,
  at: string,
  kind: "Open" | "Click" = "Open",
): Promise<void> {
  const sent = (await instancesOf(host, customer, campaignId)).filter((i) => i.messageId);
  expect(sent).toHaveLength(1);
  const instance = sent[0] as JourneyInstance;
  const record = {
    eventType: kind,
    mail: {
      messageId: instance.messageId,
      timestamp: at,
      destination: [customer.email],
      tags: {
        shop: [instance.shop],
        campaign: [campaignId],
        instance: [instanceId(instance)],
        customerId: [customer.id],
      },
    },
    ...(kind === "Open"
      ? { open: { timestamp: at } }
      : { click: { timestamp: at, link: "https://shop.example/" } }),
  };
  const res = await admin(host, "/local/ses-events", { method: "POST", body: JSON.stringify(record) });
  expect(res.status).toBe(202);
  await host.bus.idle();
}

/** Every marketing mail of the playbook: to this customer, with RFC 8058 one-click unsubscribe. */
export function expectMarketingMail(mail: StoredEmail | undefined, customer: StoryCustomer, subject: string) {
  expect(mail?.destination.to).toEqual([customer.email]);
  expect(mail?.subject).toBe(subject);
  expect(header(mail!, "List-Unsubscribe")).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=.+>$/);
  expect(header(mail!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  expect(mail?.body.text).toMatch(/(Abmelden|Unsubscribe): http/);
}

/** The last ledger decision of a campaign's single instance for this customer. */
export async function lastDecision(host: LocalHost, customer: { id: string }, campaignId: string) {
  const [instance, ...more] = await instancesOf(host, customer, campaignId);
  expect(more).toHaveLength(0);
  return { status: instance?.status, ...instance?.ledger.at(-1) };
}

/** A cart of 800 EUR left at `at`: its reminder goes 4 hours later and uses that day's contact budget. */
export const bigCart = (c: StoryCustomer, at: string): CanonicalEvent => ({
  id: `${c.id}-cart-${at}`,
  shop: "default",
  type: "checkout.updated",
  occurredAt: at,
  customer: { id: c.id },
  data: { checkoutId: `ch-${at}`, total: { amount: "800.00", currency: "EUR" }, completed: false },
});
