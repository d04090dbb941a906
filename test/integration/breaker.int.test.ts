import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CampaignInput } from "../../shared/campaigns/definition";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { JourneyInstance } from "../../shared/persistence/journey-store";
import { statsKey } from "../../shared/persistence/send-stats";
import { consentEvent, orderPlaced } from "../support/builders";
import { admin, postEvents, startTestHost } from "../support/local-host";
import { mailTo } from "../support/ses-store";

/** A promotional campaign one hour after any order; the only campaign this host runs. */
const PROMO: CampaignInput = {
  id: "test-promo",
  name: "Test promotion",
  description: "One hour after an order: an offer.",
  priority: "promotional",
  trigger: { event: "order.placed", correlate: "event.data.orderId" },
  wait: { kind: "delay", duration: "PT1H" },
  exits: [],
  reentry: { kind: "once-per-key" },
  holdout: 0,
  templates: {
    de: { subject: "Angebot", html: "<p>Angebot {{unsubscribeUrl}}</p>", text: "Angebot {{unsubscribeUrl}}" },
    en: { subject: "Offer", html: "<p>Offer {{unsubscribeUrl}}</p>", text: "Offer {{unsubscribeUrl}}" },
  },
};

const SHOP = `brk-${randomUUID().slice(0, 6)}`;
let host: LocalHost;
beforeAll(async () => {
  // A small minimum volume and a one-day window keep the test to a handful of mails and hour
  // buckets; the rule is the same at 500 sends over 7 days.
  host = await startTestHost({
    campaigns: [PROMO],
    env: { BREAKER_MIN_SENDS: "3", BREAKER_WINDOW_DAYS: "1", CAMPAIGN_HOLDOUT: "0" },
  });
});
afterAll(async () => {
  await host?.stop();
});

async function send(events: CanonicalEvent[]) {
  expect((await postEvents(host, { events })).status).toBe(202);
  await host.bus.idle();
}

async function givenBuyer(orderAt: string) {
  const id = `b-${randomUUID().slice(0, 8)}`;
  const customer = { id, email: `${id}@example.com`, firstName: "Kim", timeZone: "Europe/Berlin" };
  const at = "2026-10-01T08:00:00.000Z";
  await send([{ ...consentEvent("consent.granted", { customer, at, confirmedAt: at }), shop: SHOP }]);
  await send([{ ...orderPlaced({ customer, orderId: `o-${id}`, at: orderAt }), shop: SHOP }]);
  return customer;
}

const dispatch = async (now: string) => {
  const out = (await host.jobs.dispatch?.(new Date(now))) as {
    outcomes: Record<string, number>;
    breakerOpen?: Record<string, string>;
  };
  await host.bus.idle();
  return out;
};

async function complaintFrom(email: string, at: string) {
  const record = JSON.parse(
    readFileSync(
      new URL("../../test/fixtures/ses/event-publishing-sns/complaint-record.json", import.meta.url),
      "utf8",
    ),
  );
  record.complaint.complainedRecipients[0].emailAddress = email;
  record.complaint.timestamp = at;
  record.mail.destination = [email];
  record.mail.tags = { shop: [SHOP] };
  const res = await admin(host, "/local/ses-events", { method: "POST", body: JSON.stringify(record) });
  expect(res.status).toBe(202);
  await host.bus.idle();
}

async function instanceOf(customer: { id: string }): Promise<JourneyInstance | undefined> {
  const out = await host.db.send(
    new QueryCommand({
      TableName: host.tableName,
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :j)",
      ExpressionAttributeValues: { ":pk": `S#${SHOP}#C#id:${customer.id}`, ":j": "J#" },
      ConsistentRead: true,
    }),
  );
  return out.Items?.[0] as JourneyInstance | undefined;
}

describe("the deliverability circuit breaker", () => {
  it("pauses promotional mail after complaints pass 0.1 %, and sends it once they fall back", async () => {
    // Given three promotions sent and counted
    const early = await Promise.all([1, 2, 3].map(() => givenBuyer("2026-11-02T08:00:00.000Z")));
    expect((await dispatch("2026-11-02T09:30:00.000Z")).outcomes).toEqual({ sent: 3 });
    const day = await host.db.send(
      new GetCommand({ TableName: host.tableName, Key: statsKey(SHOP, "2026-11-02"), ConsistentRead: true }),
    );
    expect(day.Item).toMatchObject({ sends: 3 });

    // When one recipient complains (1 in 3) and another customer's promotion falls due
    await complaintFrom(early[0]!.email, "2026-11-02T09:45:00.000Z");
    const late = await givenBuyer("2026-11-02T09:00:00.000Z");
    const summary = await dispatch("2026-11-02T10:30:00.000Z");

    // Then it is deferred, not dropped, with the reason on its ledger
    expect(summary.outcomes.deferred).toBe(1);
    expect(summary.breakerOpen).toEqual({ [SHOP]: "shop:complaint-rate" });
    expect(await mailTo(host, late.email)).toHaveLength(0);
    const paused = await instanceOf(late);
    expect(paused).toMatchObject({ status: "scheduled" });
    expect(paused?.ledger.at(-1)).toMatchObject({ decision: "deferred", reason: "breaker-open" });

    // And once the complaint has left the (here one-day) window, the same message goes out
    await dispatch("2026-11-03T10:30:00.000Z");
    expect(await mailTo(host, late.email)).toHaveLength(1);
  });
});
