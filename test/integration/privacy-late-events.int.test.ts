import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { instanceId, type JourneyInstance } from "../../shared/persistence/journey-store";
import { confirmLinkBuilder } from "../../shared/privacy/confirm-link";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { admin } from "../support/local-host";
import { header, mailTo } from "../support/ses-store";
import { lifeOf, type Person, partition, person, send, startPrivacyHost, tracesOf } from "./privacy-support";

/**
 * What arrives after a person was mailed: SES's delivery, open and click reports (days later, as
 * mailbox providers report them), and the person's own clicks on the unsubscribe and confirmation
 * links. For a person still on file they update the profile and drive follow-up campaigns; after
 * an erase they must write nothing that names the person again.
 */

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

/** Her life, then a dispatch: one marketing mail goes out (the contact budget holds the other back). */
async function givenMailed(p: Person, day: string) {
  await send(host, lifeOf(p, `${day}T08:00:00.000Z`));
  await host.jobs.dispatch?.(new Date(`${day}T12:30:00.000Z`));
  await host.bus.idle();
  const sent = (await partition(host, p.shop, `id:${p.customer.id}`)).filter(
    (i) => i.type === "journey" && i.status === "sent",
  ) as JourneyInstance[];
  expect(sent).toHaveLength(1);
  const [mail] = await mailTo(host, p.customer.email);
  const unsubscribe = /^<(.+)>$/.exec(header(mail!, "List-Unsubscribe") ?? "")?.[1];
  expect(unsubscribe).toBeDefined();
  return { sent: sent[0]!, unsubscribe: unsubscribe! };
}

/** An SES event record as SES publishes it, tagged as our sender tags every message. */
function sesRecord(
  kind: "Delivery" | "Open" | "Click",
  p: Person,
  at: string,
  message: { messageId: string; campaign: string; instance: string },
  tagged = true,
) {
  return JSON.stringify({
    eventType: kind,
    mail: {
      messageId: message.messageId,
      timestamp: at,
      destination: [p.customer.email],
      tags: tagged
        ? {
            shop: [p.shop],
            campaign: [message.campaign],
            instance: [message.instance],
            customerId: [p.customer.id],
          }
        : {},
    },
    ...(kind === "Delivery" ? { delivery: { timestamp: at, recipients: [p.customer.email] } } : {}),
    ...(kind === "Open" ? { open: { timestamp: at } } : {}),
    ...(kind === "Click" ? { click: { timestamp: at, link: "https://shop.example/" } } : {}),
  });
}

/**
 * The late reports: the mail delivered (tagged, and once untagged, as a mail from before
 * tagging would come back: by address only), opened and clicked; an open of an onboarding tip
 * (which triggers the next tip) and of a newsletter (whose open ends a pending re-send, or leaves a
 * tombstone when the re-send is not there yet). Then her unsubscribe and confirmation clicks.
 */
async function lateReports(p: Person, mailed: JourneyInstance, unsubscribe: string, day: string) {
  const at = `${day}T09:00:00.000Z`;
  const own = { messageId: mailed.messageId!, campaign: mailed.campaignId, instance: instanceId(mailed) };
  const records = [
    sesRecord("Delivery", p, at, own),
    sesRecord("Delivery", p, at, { ...own, messageId: `${own.messageId}-untagged` }, false),
    sesRecord("Open", p, at, own),
    sesRecord("Click", p, at, own),
    sesRecord("Open", p, at, {
      messageId: `tip-${p.customer.id}`,
      campaign: "onboarding-tips-1",
      instance: "t1",
    }),
    sesRecord("Open", p, at, { messageId: `nl-${p.customer.id}`, campaign: "newsletter", instance: "n1" }),
  ];
  for (const body of records)
    expect((await admin(host, "/local/ses-events", { method: "POST", body })).status).toBe(202);
  await host.bus.idle();
  expect((await fetch(unsubscribe, { method: "POST", body: "List-Unsubscribe=One-Click" })).status).toBe(200);
  const confirm = confirmLinkBuilder(host.url, LOCAL_DEFAULTS.TOKEN_SIGNING_KEY)(
    { ...mailed, trigger: { type: "consent.granted", data: {} } },
    p.customer.email,
    new Date(at),
  );
  expect((await fetch(confirm, { method: "POST" })).status).toBe(200);
  await host.bus.idle();
}

describe("late reports after an erase", () => {
  it("update a customer still on file: engagement on her profile, the next onboarding tip, the unsubscribe", async () => {
    const anna = person();
    const { sent, unsubscribe } = await givenMailed(anna, "2026-11-05");

    await lateReports(anna, sent, unsubscribe, "2026-11-08");

    const res = await admin(host, `/admin/customers/${anna.customer.id}`);
    expect(res.status).toBe(200);
    const profile = (await res.json()) as Record<string, unknown>;
    expect(JSON.stringify(profile)).toContain("2026-11-08T09:00:00.000Z");
    const items = await partition(host, "default", `id:${anna.customer.id}`);
    expect(items.map((i) => i.campaignId)).toContain("onboarding-tips-2");
    expect(items.filter((i) => i.type === "consent").length).toBeGreaterThanOrEqual(2);
  });

  it("write nothing about an erased person: no profile shell, no journey, no tombstone, no ledger entry", async () => {
    const erika = person();
    const { sent, unsubscribe } = await givenMailed(erika, "2026-11-06");
    expect((await admin(host, `/admin/customers/${erika.customer.id}`, { method: "DELETE" })).status).toBe(
      200,
    );
    expect(await tracesOf(host, erika)).toEqual([]);

    await lateReports(erika, sent, unsubscribe, "2026-11-09");
    // Whatever a late event might have scheduled would fall due within the next two weeks.
    await host.jobs.dispatch?.(new Date("2026-11-20T10:30:00.000Z"));
    await host.bus.idle();

    expect(await tracesOf(host, erika)).toEqual([]);
    expect(await partition(host, "default", `id:${erika.customer.id}`)).toEqual([]);
    expect((await admin(host, `/admin/customers/${erika.customer.id}`)).status).toBe(404);
    expect(
      (await admin(host, `/admin/customers?email=${encodeURIComponent(erika.customer.email)}`)).status,
    ).toBe(404);
    expect(await mailTo(host, erika.customer.email)).toHaveLength(1);
  });
});
