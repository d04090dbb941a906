import { createHmac, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

// The functions create their loggers when their modules load, and under vitest they default to
// SILENT: switch logging on before anything is imported, or this test could never fail.
vi.hoisted(() => {
  process.env.LOG_LEVEL = "INFO";
});

import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { customerClaims, signToken } from "../../shared/security/tokens";
import { fixtureText } from "../fixtures/connectors/fixtures";
import { type CapturedOutput, captureOutput } from "../support/capture-output";
import { admin, postEvents, startTestHost } from "../support/local-host";
import { header, mailTo } from "../support/ses-store";

const tag = randomUUID().slice(0, 8);
// Names and addresses that occur nowhere else, so any occurrence in the output is a leak.
const zora = {
  id: `lh-${tag}`,
  email: `zora.quillfeather.${tag}@example.com`,
  firstName: "Zoranthe",
  lastName: "Quillfeather",
  locale: "de-DE",
  timeZone: "Europe/Berlin",
};
const guest = { email: `wendeline.${tag}@example.org`, firstName: "Wendeline", lastName: "Brackenridge" };
const shopifyOrder = JSON.parse(
  fixtureText("shopify/gadget-docs-metadata-2026-04/orders.create.json"),
).response;
const shopifyPerson = [
  shopifyOrder.email,
  shopifyOrder.customer?.email,
  shopifyOrder.customer?.first_name,
  shopifyOrder.customer?.last_name,
].filter((v): v is string => typeof v === "string" && v.length > 2);
const SECRETS = [
  zora.email,
  zora.firstName,
  zora.lastName,
  guest.email,
  guest.firstName,
  guest.lastName,
  ...shopifyPerson,
];

let host: LocalHost;
let output: CapturedOutput;
beforeAll(async () => {
  output = captureOutput();
  host = await startTestHost({ env: { CAMPAIGN_HOLDOUT: "0" } });
});
afterAll(async () => {
  await host?.stop();
  output?.restore();
});

async function send(events: unknown) {
  const res = await postEvents(host, { events });
  await host.bus.idle();
  return res.status;
}

function sesRecord(kind: "bounce" | "complaint", email: string, tags?: Record<string, string[]>) {
  const record = JSON.parse(
    readFileSync(
      new URL(`../../test/fixtures/ses/event-publishing-sns/${kind}-record.json`, import.meta.url),
      "utf8",
    ),
  );
  if (kind === "bounce") record.bounce.bouncedRecipients[0].emailAddress = email;
  else record.complaint.complainedRecipients[0].emailAddress = email;
  record.mail.destination = [email];
  record.mail.messageId = `lh-${kind}-${tag}`;
  record.mail.tags = tags ?? {};
  return JSON.stringify(record);
}

const at = (iso: string) => `2026-11-02T${iso}.000Z`;
const event = (type: string, extra: Partial<CanonicalEvent> & { data?: unknown }, customer: unknown) => ({
  id: `${type}-${randomUUID()}`,
  shop: "default",
  type,
  occurredAt: at("08:00:00"),
  customer,
  data: {},
  ...extra,
});

describe("log hygiene", () => {
  it("writes ids to the logs, never an email address or a name, through a whole story", async () => {
    // Events with names and addresses: a registered customer with consent, a guest order, a bad event
    expect(
      await send([
        event("customer.registered", {}, zora),
        event(
          "consent.granted",
          { data: { channel: "email", purpose: "marketing", confirmedAt: at("08:01:00") } },
          zora,
        ),
        event(
          "checkout.updated",
          {
            occurredAt: at("08:10:00"),
            data: { checkoutId: `ch-${tag}`, total: { amount: "900.00", currency: "EUR" }, completed: false },
          },
          { id: zora.id },
        ),
        event(
          "order.placed",
          { data: { orderId: `g-${tag}`, total: { amount: "10.00", currency: "EUR" }, items: [] } },
          guest,
        ),
      ]),
    ).toBe(202);
    expect(
      await send([event("order.placed", { data: { total: 12 } }, { ...guest, email: `x ${guest.email}` })]),
    ).toBe(400);

    // A campaign mail goes out, one-click unsubscribe, then SES reports a bounce and a complaint
    await host.jobs.dispatch?.(new Date(at("12:30:00")));
    await host.bus.idle();
    const [mail] = await mailTo(host, zora.email);
    expect(mail).toBeDefined();
    const unsubscribe = /^<(.+)>$/.exec(header(mail!, "List-Unsubscribe") ?? "")?.[1];
    expect((await fetch(unsubscribe!, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(
      200,
    );
    for (const body of [
      sesRecord("bounce", zora.email, { customerId: [zora.id] }),
      sesRecord("complaint", guest.email),
    ])
      expect((await admin(host, "/local/ses-events", { method: "POST", body })).status).toBe(202);
    await host.bus.idle();

    // A Shopify webhook from the shared fixtures, signed with the local secret, and one wrongly signed
    const raw = JSON.stringify(shopifyOrder);
    const shopify = (secret: string) =>
      fetch(`${host.url}/webhooks/shopify`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "X-Shopify-Topic": "orders/create",
          "X-Shopify-Shop-Domain": "log-shop.myshopify.com",
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(raw).digest("base64"),
        },
        body: raw,
      });
    expect((await shopify(LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET)).status).toBe(202);
    expect((await shopify("wrong")).status).toBe(401);
    await host.bus.idle();
    const lookup = await admin(host, `/admin/customers?email=${encodeURIComponent(zora.email)}`);
    expect(lookup.status).toBe(200);

    // A guest answers a survey: the token carries the address, the answer page and the follow-up log ids only
    const surveyToken = signToken(
      {
        purpose: "survey",
        shop: "default",
        exp: Math.floor(Date.now() / 1000) + 3600,
        ...customerClaims(guest),
        sid: `s-${tag}`,
      },
      LOCAL_DEFAULTS.TOKEN_SIGNING_KEY,
    );
    const survey = `${host.url}/survey?token=${encodeURIComponent(surveyToken)}`;
    expect((await fetch(`${survey}&score=2`)).status).toBe(200);
    const answered = await fetch(survey, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "score=2",
    });
    expect(answered.status).toBe(200);
    await host.bus.idle();

    // Then the functions did log (so this test can fail), and no line names anyone
    const lines = output.lines();
    for (const service of [
      "ingest-events",
      "apply-shop-event",
      "dispatch-messages",
      "record-email-feedback",
      "answer-survey",
      "follow-up-surveys",
    ])
      expect(lines.some((l) => l.includes(`"service":"${service}"`))).toBe(true);
    const leaks = lines.filter((l) => SECRETS.some((s) => l.toLowerCase().includes(s.toLowerCase())));
    expect(leaks).toEqual([]);
  });
});
