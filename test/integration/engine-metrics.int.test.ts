import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Context } from "aws-lambda";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHandler as dispatchHandler } from "../../functions/dispatch-messages/handler";
import { createHandler as trackHandler } from "../../functions/track-journeys/handler";
import { localClientConfig } from "../../infra/local/emulators";
import type { LocalHost } from "../../infra/local/host";
import type { CampaignInput } from "../../shared/campaigns/definition";
import type { DeliveryDeps } from "../../shared/campaigns/deliver";
import { createSesClient } from "../../shared/email/ses-mailer";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { EngineEnv, engineDeps } from "../../shared/runtime/engine";
import { createEngineMetrics, deliveryMetrics } from "../../shared/runtime/engine-metrics";
import { consentEvent, orderPlaced } from "../support/builders";
import { captureOutput } from "../support/capture-output";
import { admin, postEvents, startTestHost } from "../support/local-host";

/**
 * The engine's EMF metrics through the real dispatch and track handlers, against DynamoDB Local
 * and SES local: what CloudWatch would read from the functions' stdout in AWS.
 */

const letter = { subject: "S", html: "<p>{{unsubscribeUrl}}</p>", text: "{{unsubscribeUrl}}" };
/** Promotional, one hour after an order: dispatch sends it, the breaker may hold it. */
const PROMO: CampaignInput = {
  id: "metrics-promo",
  name: "Promotion",
  description: "One hour after an order.",
  priority: "promotional",
  trigger: { event: "order.placed", correlate: "event.data.orderId" },
  wait: { kind: "delay", duration: "PT1H" },
  reentry: { kind: "once-per-key" },
  holdout: 0,
  templates: { de: letter, en: letter },
};
/** Transactional and without a wait: track-journeys sends it the moment the order comes in. */
const RECEIPT: CampaignInput = {
  id: "metrics-receipt",
  name: "Receipt",
  description: "At once after an order.",
  priority: "transactional",
  trigger: { event: "order.placed", correlate: "event.data.orderId" },
  wait: { kind: "none" },
  reentry: { kind: "once-per-key" },
  holdout: 0,
  templates: { de: letter, en: letter },
};

const SHOP = `met-${randomUUID().slice(0, 6)}`;
const ENV = { BREAKER_MIN_SENDS: "3", BREAKER_WINDOW_DAYS: "1", CAMPAIGN_HOLDOUT: "0" };
const context = { functionName: "engine", awsRequestId: "r-1" } as Context;
let host: LocalHost;
let engine: DeliveryDeps;
beforeAll(async () => {
  // The host's own functions run the promotion only; the handlers under test run both campaigns.
  host = await startTestHost({ campaigns: [PROMO], env: ENV });
  engine = engineDeps(EngineEnv.parse({ PUBLIC_BASE_URL: host.url, ...ENV }), {
    db: host.db,
    tableName: host.tableName,
    ses: createSesClient({ endpoint: host.sesEndpoint, ...localClientConfig() }),
    bus: host.bus,
    tokenKey: LOCAL_DEFAULTS.TOKEN_SIGNING_KEY,
    suppressionSalt: LOCAL_DEFAULTS.SUPPRESSION_SALT,
    campaigns: [PROMO, RECEIPT],
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
  const id = `m-${randomUUID().slice(0, 8)}`;
  const customer = { id, email: `${id}@example.com`, firstName: "Kim", timeZone: "Europe/Berlin" };
  const at = "2026-10-01T08:00:00.000Z";
  await send([{ ...consentEvent("consent.granted", { customer, at, confirmedAt: at }), shop: SHOP }]);
  const order = { ...orderPlaced({ customer: { id }, orderId: `o-${id}`, at: orderAt }), shop: SHOP };
  await send([order]);
  return { customer, order };
}

/** Runs a handler whose SES accepts happen at `acceptedAt`; returns the EMF documents it wrote. */
async function emf(
  acceptedAt: string,
  run: (deps: DeliveryDeps, metrics: ReturnType<typeof createEngineMetrics>) => Promise<unknown>,
) {
  const metrics = createEngineMetrics();
  const deps = { ...engine, observer: deliveryMetrics(metrics, () => Date.parse(acceptedAt)) };
  const output = captureOutput();
  try {
    await run(deps, metrics);
  } finally {
    output.restore();
  }
  await host.bus.idle();
  const lines = output.lines();
  return {
    lines,
    docs: lines.flatMap((l) => (l.includes('"_aws"') ? [JSON.parse(l) as Record<string, unknown>] : [])),
  };
}

describe("the campaign engine's metrics, emitted by the handlers", () => {
  it("dispatch emits due-to-send per sent message, then a breaker hold once complaints pass the limit", async () => {
    const buyers = await Promise.all([1, 2, 3].map(() => givenBuyer("2026-11-02T08:00:00.000Z")));

    // The promotions fell due at 09:00; SES accepts them at 09:30:02.
    const sent = await emf("2026-11-02T09:30:02.000Z", (deps, metrics) =>
      dispatchHandler(deps, metrics)({ time: "2026-11-02T09:30:00.000Z" }, context),
    );
    expect(sent.docs).toHaveLength(1);
    expect(sent.docs[0]).toMatchObject({
      service: "campaign-engine",
      DueToSend: [1_802_000, 1_802_000, 1_802_000],
    });
    expect(sent.docs[0]).not.toHaveProperty("TriggerToSend");
    expect(sent.docs[0]).not.toHaveProperty("BreakerDeferred");

    // One complaint in three sends: the next promotion is held back, and counted.
    const complaint = JSON.parse(
      readFileSync(
        new URL("../../test/fixtures/ses/event-publishing-sns/complaint-record.json", import.meta.url),
        "utf8",
      ),
    );
    complaint.complaint.complainedRecipients[0].emailAddress = buyers[0]!.customer.email;
    complaint.complaint.timestamp = "2026-11-02T09:45:00.000Z";
    complaint.mail.destination = [buyers[0]!.customer.email];
    complaint.mail.tags = { shop: [SHOP] };
    expect(
      (await admin(host, "/local/ses-events", { method: "POST", body: JSON.stringify(complaint) })).status,
    ).toBe(202);
    await host.bus.idle();
    const late = await givenBuyer("2026-11-02T09:00:00.000Z");
    const held = await emf("2026-11-02T10:30:01.000Z", (deps, metrics) =>
      dispatchHandler(deps, metrics)({ time: "2026-11-02T10:30:00.000Z" }, context),
    );

    expect(held.docs).toHaveLength(1);
    expect(held.docs[0]).toMatchObject({ BreakerDeferred: 1 });
    expect(held.docs[0]).not.toHaveProperty("DueToSend");
    // Ids and numbers only, never an address.
    const all = JSON.stringify([...sent.lines, ...held.lines]);
    for (const { customer } of [...buyers, late]) expect(all).not.toContain(customer.email);
  });

  it("track-journeys emits trigger-to-send for the campaign it sends at once", async () => {
    const { order } = await givenBuyer("2026-11-03T08:00:00.000Z");
    const envelope = {
      version: "0",
      id: randomUUID(),
      "detail-type": order.type,
      source: "stammkunde",
      account: "123456789012",
      time: order.occurredAt,
      region: "eu-central-1",
      resources: [],
      detail: order,
    };

    // The order happened at 08:00:00; SES accepted the receipt 1.5 s later.
    const { docs } = await emf("2026-11-03T08:00:01.500Z", (deps, metrics) =>
      trackHandler(
        { ...deps, now: () => new Date("2026-11-03T08:00:01.000Z"), defaultTimeZone: "Europe/Berlin" },
        metrics,
      )(envelope, context),
    );

    expect(docs).toHaveLength(1);
    expect(docs[0]).toMatchObject({ service: "campaign-engine", TriggerToSend: 1500, DueToSend: 1500 });
  });
});
