import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import type { LocalHost } from "../../infra/local/host";
import { createSesClient } from "../../shared/email/ses-mailer";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { consentEvent } from "../support/builders";
import { admin, postEvents, startTestHost } from "../support/local-host";
import { header, mailTo } from "../support/ses-store";
import { throttlingClient } from "../support/throttling-mailer";

// Fault injection: SES answers "Maximum sending rate exceeded" on 30 % of calls.
const ses = throttlingClient(createSesClient({ endpoint: inject("sesEndpoint"), ...localClientConfig() }), {
  fraction: 0.3,
  seed: 7,
});
let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost({ ses });
});
afterAll(async () => {
  await host?.stop();
});

async function send(events: CanonicalEvent[]) {
  expect((await postEvents(host, { events })).status).toBe(202);
  await host.bus.idle();
}

async function givenCustomer() {
  const id = `f-${randomUUID().slice(0, 8)}`;
  const customer = {
    id,
    email: `${id}@example.com`,
    firstName: "Jo",
    locale: "en-US",
    timeZone: "Europe/Berlin",
  };
  await send([
    {
      id: `${id}-reg`,
      shop: "default",
      type: "customer.registered",
      occurredAt: "2026-10-01T08:00:00.000Z",
      customer,
      data: {},
    },
    consentEvent("consent.granted", {
      id: `${id}-opt`,
      customer,
      at: "2026-10-01T08:01:00.000Z",
      confirmedAt: "2026-10-01T08:01:00.000Z",
    }),
  ]);
  return customer;
}

const cart = (c: { id: string }, checkoutId: string, at: string): CanonicalEvent => ({
  id: `${checkoutId}-${at}`,
  shop: "default",
  type: "checkout.updated",
  occurredAt: at,
  customer: { id: c.id },
  data: { checkoutId, total: { amount: "750.00", currency: "EUR" }, completed: false },
});

const dispatch = async (now: string) => {
  const out = await host.jobs.dispatch?.(new Date(now));
  await host.bus.idle();
  return out as { outcomes: Record<string, number> };
};

describe("delivery under faults", () => {
  it("sends every message exactly once while SES throttles 30 % of calls", async () => {
    const customers = await Promise.all(Array.from({ length: 20 }, () => givenCustomer()));
    await send(customers.map((c, i) => cart(c, `t-${i}`, "2026-11-10T08:00:00.000Z")));
    const summary = await dispatch("2026-11-10T12:30:00.000Z");
    expect(summary.outcomes.sent).toBe(20);
    expect(ses.stats.throttled).toBeGreaterThan(0);
    for (const c of customers) expect(await mailTo(host, c.email)).toHaveLength(1);
  });

  it("never mails a permanently bounced address again", async () => {
    const jo = await givenCustomer();
    await send([cart(jo, "bx-1", "2026-11-11T08:00:00.000Z")]);
    await dispatch("2026-11-11T12:30:00.000Z");
    expect(await mailTo(host, jo.email)).toHaveLength(1);

    // SES's own bounce record (shared fixture), addressed to this customer (variant: recipient replaced).
    const bounce = JSON.parse(
      readFileSync(
        new URL("../../test/fixtures/ses/event-publishing-sns/bounce-record.json", import.meta.url),
        "utf8",
      ),
    );
    bounce.bounce.bouncedRecipients[0].emailAddress = jo.email;
    bounce.mail.destination = [jo.email];
    const injected = await admin(host, "/local/ses-events", { method: "POST", body: JSON.stringify(bounce) });
    expect(injected.status).toBe(202);
    await host.bus.idle();

    await send([cart(jo, "bx-2", "2026-11-14T08:00:00.000Z")]);
    await dispatch("2026-11-14T12:30:00.000Z");
    expect(await mailTo(host, jo.email)).toHaveLength(1);
  });

  it("unsubscribes with the one-click link and cancels what was pending", async () => {
    const jo = await givenCustomer();
    await send([cart(jo, "u-1", "2026-11-16T08:00:00.000Z")]);
    await dispatch("2026-11-16T12:30:00.000Z");
    const [mail] = await mailTo(host, jo.email);
    const url = /^<(.+)>$/.exec(header(mail!, "List-Unsubscribe") ?? "")?.[1];
    expect(url).toBeDefined();
    await send([cart(jo, "u-2", "2026-11-18T08:00:00.000Z")]);

    // GET (a mail scanner prefetching) changes nothing; the one-click POST unsubscribes.
    expect((await fetch(url!)).status).toBe(200);
    const post = await fetch(url!, {
      method: "POST",
      body: "List-Unsubscribe=One-Click",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(post.status).toBe(200);
    await host.bus.idle();

    const profile = (await (await admin(host, `/admin/customers/${jo.id}`)).json()) as { consent: unknown };
    expect(profile.consent).toEqual({ email: { marketing: "revoked" } });
    await dispatch("2026-11-18T12:30:00.000Z");
    expect(await mailTo(host, jo.email)).toHaveLength(1);
  });

  it("refuses a tampered unsubscribe token with a clear page and changes nothing", async () => {
    const res = await fetch(`${host.url}/unsubscribe?token=${encodeURIComponent("eyJwIjoxfQ.AAAA")}`, {
      method: "POST",
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/ungültig|invalid/i);
  });
});
