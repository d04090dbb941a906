import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { expect } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { JourneyStore } from "../../shared/persistence/journey-store";
import { suppressionHash, suppressionKey } from "../../shared/persistence/suppression-store";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { postEvents, scanAll, startTestHost } from "../support/local-host";

/** What the privacy-export and privacy-erase tests share: a host, a person with traces, her life as events. */

export async function startPrivacyHost(): Promise<LocalHost> {
  const host = await startTestHost();
  host.clock.set("2026-11-02T09:00:00.000Z");
  // Nothing is due before these tests' days: the first dispatch need not look back a week.
  await new JourneyStore(host.db, host.tableName).writeCursor("2026-11-02T00");
  return host;
}

export async function send(host: LocalHost, events: CanonicalEvent[]) {
  expect((await postEvents(host, { events })).status).toBe(202);
  await host.bus.idle();
}

export type Person = ReturnType<typeof person>;

/** A person with unmistakable traces: an id, an address and names found nowhere else in the table. */
export function person(shop = "default") {
  const tag = randomUUID().slice(0, 8);
  return {
    shop,
    customer: {
      id: `er-${tag}`,
      email: `erika.${tag}@example.com`,
      firstName: `Erika${tag}`,
      lastName: `Mustermann${tag}`,
      locale: "de-DE",
      timeZone: "Europe/Berlin",
    },
  };
}

/** Registered, confirmed newsletter consent (with proof), an order, and an abandoned high-value cart. */
export function lifeOf(p: Person, at: string, n = 0): CanonicalEvent[] {
  const { shop, customer } = p;
  const e = (suffix: string) => `${customer.id}-${suffix}-${n}`;
  return [
    { id: e("reg"), shop, type: "customer.registered", occurredAt: at, customer, data: {} },
    {
      id: e("opt"),
      shop,
      type: "consent.granted",
      occurredAt: at,
      customer: { id: customer.id },
      data: {
        channel: "email",
        purpose: "marketing",
        confirmedAt: at,
        source: "checkout-form",
        textVersion: "nl-v3",
        ip: "203.0.113.9",
        userAgent: "Mozilla/5.0 (Erika)",
      },
    },
    {
      id: e("order"),
      shop,
      type: "order.placed",
      occurredAt: at,
      customer: { id: customer.id },
      data: { orderId: e("o"), total: { amount: "59.00", currency: "EUR" }, items: [], coupons: [] },
    },
    {
      id: e("cart"),
      shop,
      type: "checkout.updated",
      occurredAt: at,
      customer: { id: customer.id },
      data: { checkoutId: e("ch"), total: { amount: "700.00", currency: "EUR" }, completed: false },
    },
  ];
}

export async function partition(host: LocalHost, shop: string, customerKey: string) {
  const out = await host.db.send(
    new QueryCommand({
      TableName: host.tableName,
      KeyConditionExpression: "pk = :pk",
      ExpressionAttributeValues: { ":pk": `S#${shop}#C#${customerKey}` },
      ConsistentRead: true,
    }),
  );
  return out.Items ?? [];
}

/** Whether any item anywhere in the table still names the person. */
export async function tracesOf(host: LocalHost, p: Person): Promise<string[]> {
  const table = JSON.stringify(await scanAll(host)).toLowerCase();
  const { id, email, firstName, lastName } = p.customer;
  return [id, email, firstName, lastName].filter((v) => table.includes(v.toLowerCase()));
}

/** The address's suppression entry: deployment-wide, or with `shop` that shop's own. */
export async function suppressionOf(host: LocalHost, email: string, shop?: string) {
  const key = suppressionKey(suppressionHash(email, LOCAL_DEFAULTS.SUPPRESSION_SALT), shop);
  return (await scanAll(host)).find((i) => i.pk === key.pk && i.sk === key.sk);
}
