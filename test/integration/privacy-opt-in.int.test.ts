import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { type JourneyInstance, JourneyStore } from "../../shared/persistence/journey-store";
import { consentEvent } from "../support/builders";
import { admin, postEvents, startTestHost } from "../support/local-host";
import { header, mailTo, type StoredEmail } from "../support/ses-store";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
  // Nothing is due before this test's days: the first dispatch need not look back a week.
  await new JourneyStore(host.db, host.tableName).writeCursor("2026-11-02T00");
});
afterAll(async () => {
  await host?.stop();
});

const CONFIRMATION_SUBJECT = "Bitte bestätigen Sie Ihre Newsletter-Anmeldung";

async function send(events: CanonicalEvent[]) {
  expect((await postEvents(host, { events })).status).toBe(202);
  await host.bus.idle();
}

/** A registered customer of their own, in Berlin, who ticks the newsletter box (no proof of confirmation). */
async function givenSignUp(at: string) {
  const id = `doi-${randomUUID().slice(0, 8)}`;
  const customer = {
    id,
    email: `${id}@example.com`,
    firstName: "Anna",
    locale: "de-DE",
    timeZone: "Europe/Berlin",
  };
  host.clock.set(at);
  await send([
    { id: `${id}-reg`, shop: "default", type: "customer.registered", occurredAt: at, customer, data: {} },
    consentEvent("consent.granted", { id: `${id}-box`, customer, at }),
  ]);
  return customer;
}

async function consentOf(customer: { id: string }) {
  const res = await admin(host, `/admin/customers/${customer.id}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { consent: { email: { marketing: string } } }).consent.email.marketing;
}

function confirmLink(mail: StoredEmail): string {
  const link = /https?:\/\/\S+\/confirm\?token=[A-Za-z0-9%._-]+/.exec(mail.body.text ?? "")?.[0];
  expect(link, "the confirmation mail carries the link").toBeDefined();
  return link as string;
}

/** What a person does: open the link, then press the page's button (the form posts to its action). */
async function clickConfirm(link: string) {
  const page = await fetch(link);
  expect(page.status).toBe(200);
  const action = /<form method="post" action="([^"]+)"/.exec(await page.text())?.[1];
  expect(action).toBeDefined();
  const query = (action as string).replace(/&#(\d+);/g, (_, code: string) =>
    String.fromCharCode(Number(code)),
  );
  return fetch(`${host.url}/confirm${query}`, { method: "POST" });
}

function highValueCheckout(customer: { id: string }, at: string): CanonicalEvent {
  return {
    id: `${customer.id}-cart`,
    shop: "default",
    type: "checkout.updated",
    occurredAt: at,
    customer: { id: customer.id },
    data: { checkoutId: `${customer.id}-ch`, total: { amount: "600.00", currency: "EUR" }, completed: false },
  };
}

async function dispatch(now: string) {
  await host.jobs.dispatch?.(new Date(now));
  await host.bus.idle();
}

async function cartInstance(customer: { id: string }): Promise<JourneyInstance | undefined> {
  const out = await host.db.send(
    new QueryCommand({
      TableName: host.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :j)",
      ExpressionAttributeValues: { ":pk": `S#default#C#id:${customer.id}`, ":j": "J#high-value-cart#" },
      ConsistentRead: true,
    }),
  );
  return out.Items?.[0] as JourneyInstance | undefined;
}

const marketing = (mails: StoredEmail[]) => mails.filter((m) => header(m, "List-Unsubscribe") !== undefined);

describe("double opt-in, end to end", () => {
  it("pending sign-up -> confirmation mail at once -> confirmed by the link -> marketing may send", async () => {
    const anna = await givenSignUp("2026-11-02T08:59:00.000Z");

    expect(await consentOf(anna)).toBe("pending");
    // Sent by track-journeys at once (no dispatch run yet), transactional: no unsubscribe header.
    const [confirmation, ...others] = await mailTo(host, anna.email);
    expect(others).toEqual([]);
    expect(confirmation?.subject).toBe(CONFIRMATION_SUBJECT);
    expect(header(confirmation!, "List-Unsubscribe")).toBeUndefined();

    host.clock.set("2026-11-02T09:30:00.000Z");
    const done = await clickConfirm(confirmLink(confirmation!));
    expect(done.status).toBe(200);
    await host.bus.idle();
    expect(await consentOf(anna)).toBe("granted");
    const ledger = await admin(host, `/admin/customers/${anna.id}/export`).then((r) => r.json());
    expect(
      (ledger as { consent: { ledger: { status: string; source?: string }[] } }).consent.ledger.map((e) => [
        e.status,
        e.source,
      ]),
    ).toEqual([
      ["pending", undefined],
      ["granted", "double-opt-in"],
    ]);

    await send([highValueCheckout(anna, "2026-11-02T09:31:00.000Z")]);
    await dispatch("2026-11-02T13:32:00.000Z");
    // A marketing mail went out, and the cart reminder was not refused for lack of consent.
    expect(marketing(await mailTo(host, anna.email)).length).toBeGreaterThanOrEqual(1);
    expect((await cartInstance(anna))?.ledger.map((e) => e.reason)).not.toContain("no-consent");
  });

  it("unconfirmed: no marketing mail, and the link no longer confirms after 7 days", async () => {
    const berta = await givenSignUp("2026-11-04T08:00:00.000Z");
    const [confirmation] = await mailTo(host, berta.email);
    expect(confirmation?.subject).toBe(CONFIRMATION_SUBJECT);

    await send([highValueCheckout(berta, "2026-11-04T08:10:00.000Z")]);
    await dispatch("2026-11-04T12:11:00.000Z");
    expect(marketing(await mailTo(host, berta.email))).toEqual([]);
    expect((await cartInstance(berta))?.ledger.at(-1)).toMatchObject({
      decision: "skipped",
      reason: "no-consent",
    });

    host.clock.set("2026-11-11T08:01:00.000Z");
    const late = await fetch(confirmLink(confirmation!), { method: "POST" });
    expect(late.status).toBe(400);
    await host.bus.idle();
    expect(await consentOf(berta)).toBe("pending");
    // One mail only: the confirmation; nothing was sent again.
    expect(await mailTo(host, berta.email)).toHaveLength(1);
  });

  it("sends no confirmation when the shop ran its own double opt-in (confirmedAt): consent is granted at once", async () => {
    const id = `own-${randomUUID().slice(0, 8)}`;
    const customer = { id, email: `${id}@example.com` };
    host.clock.set("2026-11-05T08:00:00.000Z");
    await send([
      consentEvent("consent.granted", {
        id: `${id}-doi`,
        customer,
        at: "2026-11-05T08:00:00.000Z",
        confirmedAt: "2026-11-05T07:58:00.000Z",
      }),
    ]);

    expect(await consentOf(customer)).toBe("granted");
    expect((await mailTo(host, customer.email)).filter((m) => m.subject === CONFIRMATION_SUBJECT)).toEqual(
      [],
    );
  });

  it("answers a tampered link with a 400 page and changes nothing", async () => {
    const carla = await givenSignUp("2026-11-06T08:00:00.000Z");
    const link = confirmLink((await mailTo(host, carla.email))[0]!);

    const res = await fetch(`${link.slice(0, -3)}abc`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain("ungültig oder abgelaufen");
    await host.bus.idle();
    expect(await consentOf(carla)).toBe("pending");
  });
});
