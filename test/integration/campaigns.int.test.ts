import { randomUUID } from "node:crypto";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STOP_MARGIN_MS } from "../../functions/dispatch-messages/handler";
import type { LocalFunction } from "../../infra/local/functions";
import type { LocalHost } from "../../infra/local/host";
import { localContext } from "../../infra/local/lambda-context";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { JourneyInstance } from "../../shared/persistence/journey-store";
import { consentEvent } from "../support/builders";
import { postEvents, startTestHost } from "../support/local-host";
import { header, mailTo } from "../support/ses-store";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

/** A customer of their own per test: a unique id and address, consent confirmed, in a time zone. */
async function givenCustomer(options: { timeZone?: string; consent?: boolean; locale?: string } = {}) {
  const id = `c-${randomUUID().slice(0, 8)}`;
  const customer = {
    id,
    email: `${id}@example.com`,
    firstName: "Anna",
    locale: options.locale ?? "de-DE",
    timeZone: options.timeZone ?? "Europe/Berlin",
  };
  const events: CanonicalEvent[] = [
    {
      id: `${id}-reg`,
      shop: "default",
      type: "customer.registered",
      occurredAt: "2026-10-01T08:00:00.000Z",
      customer,
      data: {},
    },
  ];
  if (options.consent !== false) {
    events.push(
      consentEvent("consent.granted", {
        id: `${id}-opt`,
        customer,
        at: "2026-10-01T08:01:00.000Z",
        confirmedAt: "2026-10-01T08:01:00.000Z",
      }),
    );
  }
  await send(events);
  return customer;
}

async function send(events: CanonicalEvent[]) {
  const res = await postEvents(host, { events });
  expect(res.status).toBe(202);
  await host.bus.idle();
}

function checkout(
  customer: { id: string },
  checkoutId: string,
  at: string,
  completed: boolean,
  amount = "600.00",
): CanonicalEvent {
  return {
    id: `${checkoutId}-${completed ? "done" : "open"}-${at}`,
    shop: "default",
    type: "checkout.updated",
    occurredAt: at,
    customer: { id: customer.id },
    data: {
      checkoutId,
      total: { amount, currency: "EUR" },
      completed,
      url: `https://shop.example/cart/${checkoutId}`,
    },
  };
}

async function dispatch(now: string) {
  const summary = await host.jobs.dispatch?.(new Date(now));
  await host.bus.idle();
  return summary as { due: number; outcomes: Record<string, number> };
}

/** The customer's cart journeys (the confirmed sign-up also starts a welcome, which these tests leave alone). */
async function instancesOf(customer: { id: string }): Promise<JourneyInstance[]> {
  const out = await host.db.send(
    new QueryCommand({
      TableName: host.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :j)",
      ExpressionAttributeValues: { ":pk": `S#default#C#id:${customer.id}`, ":j": "J#high-value-cart#" },
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []) as JourneyInstance[];
}

describe("high-value cart: a keyed wait", () => {
  it("exits when the same checkout completes, and sends nothing", async () => {
    const anna = await givenCustomer();
    await send([checkout(anna, "ch-a", "2026-11-02T09:00:00.000Z", false)]);
    await send([checkout(anna, "ch-a", "2026-11-02T10:00:00.000Z", true)]);
    await dispatch("2026-11-02T14:30:00.000Z");
    expect(await mailTo(host, anna.email)).toHaveLength(0);
    const [instance] = await instancesOf(anna);
    expect(instance).toMatchObject({ status: "exited", key: "ch-a" });
    expect(instance?.ledger.at(-1)).toMatchObject({ decision: "exited", reason: "event:checkout.updated" });
  });

  it("fires once when that checkout does not complete: the cart link, German, with one-click unsubscribe", async () => {
    const anna = await givenCustomer();
    // Another checkout completing does not end this one's journey.
    await send([
      checkout(anna, "ch-b", "2026-11-02T09:00:00.000Z", false),
      checkout(anna, "ch-other", "2026-11-02T09:30:00.000Z", true),
    ]);
    // Not before its time (other messages, such as a late-found welcome, may be due).
    await dispatch("2026-11-02T12:59:00.000Z");
    expect(await mailTo(host, anna.email)).toHaveLength(0);
    await dispatch("2026-11-02T13:01:00.000Z");
    await dispatch("2026-11-02T13:02:00.000Z");
    const mail = await mailTo(host, anna.email);
    expect(mail).toHaveLength(1);
    expect(mail[0]?.subject).toBe("Ihr Warenkorb wartet auf Sie");
    expect(mail[0]?.body.html).toContain("https://shop.example/cart/ch-b");
    expect(mail[0]?.body.html).toContain("600.00 EUR");
    expect(header(mail[0]!, "List-Unsubscribe")).toMatch(
      /^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=.+>$/,
    );
    expect(header(mail[0]!, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  });

  it("creates one instance for a duplicate trigger and sends one mail", async () => {
    const anna = await givenCustomer({ locale: "en-GB" });
    const event = checkout(anna, "ch-c", "2026-11-02T09:00:00.000Z", false);
    await send([event]);
    await send([event, { ...event, id: "another-delivery-of-the-same-checkout" }]);
    expect(await instancesOf(anna)).toHaveLength(1);
    await dispatch("2026-11-02T13:30:00.000Z");
    const mail = await mailTo(host, anna.email);
    expect(mail.map((m) => m.subject)).toEqual(["Your cart is waiting for you"]);
  });

  it("stays silent without consent and records skipped: no-consent", async () => {
    const ben = await givenCustomer({ consent: false });
    await send([checkout(ben, "ch-d", "2026-11-02T09:00:00.000Z", false)]);
    await dispatch("2026-11-02T13:30:00.000Z");
    expect(await mailTo(host, ben.email)).toHaveLength(0);
    const [instance] = await instancesOf(ben);
    expect(instance).toMatchObject({ status: "skipped" });
    expect(instance?.ledger.at(-1)).toMatchObject({ decision: "skipped", reason: "no-consent" });
  });
});

describe("dispatch rules", () => {
  it("defers by quiet hours in the customer's own zone: Berlin and New York", async () => {
    const berlin = await givenCustomer({ timeZone: "Europe/Berlin" });
    const newYork = await givenCustomer({ timeZone: "America/New_York" });
    // Due 02:00Z = 03:00 in Berlin and 21:00 in New York: quiet for both.
    await send([
      checkout(berlin, "q-1", "2026-11-02T22:00:00.000Z", false),
      checkout(newYork, "q-2", "2026-11-02T22:00:00.000Z", false),
    ]);
    await dispatch("2026-11-03T02:05:00.000Z");
    expect((await instancesOf(berlin))[0]).toMatchObject({
      status: "scheduled",
      dueAt: "2026-11-03T07:00:00.000Z",
    });
    expect((await instancesOf(newYork))[0]).toMatchObject({
      status: "scheduled",
      dueAt: "2026-11-03T13:00:00.000Z",
    });
    await dispatch("2026-11-03T07:01:00.000Z");
    expect(await mailTo(host, berlin.email)).toHaveLength(1);
    expect(await mailTo(host, newYork.email)).toHaveLength(0);
    await dispatch("2026-11-03T13:01:00.000Z");
    expect(await mailTo(host, newYork.email)).toHaveLength(1);
    expect((await instancesOf(berlin))[0]?.ledger.map((e) => e.decision)).toEqual([
      "scheduled",
      "deferred",
      "claimed",
      "sent",
    ]);
  });

  it("defers the second lifecycle mail of the day by the contact budget, and sends it when the budget allows", async () => {
    const anna = await givenCustomer();
    await send([
      checkout(anna, "b-1", "2026-11-05T08:00:00.000Z", false),
      checkout(anna, "b-2", "2026-11-05T08:00:00.000Z", false),
    ]);
    const first = await dispatch("2026-11-05T12:30:00.000Z");
    expect(first.outcomes).toMatchObject({ sent: 1, deferred: 1 });
    expect(await mailTo(host, anna.email)).toHaveLength(1);
    const deferred = (await instancesOf(anna)).find((i) => i.status === "scheduled");
    expect(deferred?.ledger.at(-1)).toMatchObject({
      decision: "deferred",
      reason: "budget",
      until: "2026-11-06T12:30:00.000Z",
    });
    await dispatch("2026-11-06T12:31:00.000Z");
    expect(await mailTo(host, anna.email)).toHaveLength(2);
  });

  it("sends each message once when two dispatches run at the same time", async () => {
    const customers = await Promise.all(Array.from({ length: 12 }, () => givenCustomer()));
    await send(customers.map((c, i) => checkout(c, `cc-${i}`, "2026-11-07T08:00:00.000Z", false)));
    const [a, b] = await Promise.all([
      dispatch("2026-11-07T12:30:00.000Z"),
      dispatch("2026-11-07T12:30:00.000Z"),
    ]);
    expect((a.outcomes.sent ?? 0) + (b.outcomes.sent ?? 0)).toBe(12);
    for (const c of customers) expect(await mailTo(host, c.email)).toHaveLength(1);
  });
});

describe("dispatch near the Lambda timeout", () => {
  it("starts no send with too little time left, and the next run sends the rest, each once", async () => {
    // given: 12 abandoned high-value carts due at the same time
    const customers = await Promise.all(Array.from({ length: 12 }, () => givenCustomer()));
    await send(customers.map((c, i) => checkout(c, `dl-${i}`, "2026-11-14T08:00:00.000Z", false)));

    // when: the run's time runs short after a few messages were started (middy asks once as well)
    let asked = 0;
    const context = {
      ...localContext("dispatch-messages"),
      getRemainingTimeInMillis: () => (asked++ < 5 ? 59_000 : STOP_MARGIN_MS - 1),
    };
    const dispatchMessages = host.functions["dispatch-messages"] as LocalFunction;
    const first = (await dispatchMessages({ time: "2026-11-14T12:30:00.000Z" }, context)) as {
      due: number;
      left?: number;
      outcomes: Record<string, number>;
    };
    await host.bus.idle();

    // then: a few went out and the rest was left due (other campaigns' messages may be due too)
    const started = Object.values(first.outcomes).reduce((a, b) => a + b, 0);
    expect(started).toBeGreaterThanOrEqual(4);
    expect(started).toBeLessThanOrEqual(5);
    expect(first.left).toBe(first.due - started);
    const mailed = async () => (await Promise.all(customers.map((c) => mailTo(host, c.email)))).flat();
    expect((await mailed()).length).toBeLessThanOrEqual(5);
    // and the next run sends the rest
    const second = await dispatch("2026-11-14T12:31:00.000Z");
    expect(second.due).toBe(first.left);
    for (const c of customers) expect(await mailTo(host, c.email)).toHaveLength(1);
  });
});
