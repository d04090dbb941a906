import { createHmac, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import type { LocalHost } from "../../infra/local/host";
import { deliverInstance } from "../../shared/campaigns/deliver";
import { customerKeyOf } from "../../shared/domain/identity";
import { createSesClient } from "../../shared/email/ses-mailer";
import { type JourneyInstance, JourneyStore } from "../../shared/persistence/journey-store";
import type { EraseReceipt } from "../../shared/privacy/erase";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { EngineEnv, engineDeps } from "../../shared/runtime/engine";
import { admin, scanAll } from "../support/local-host";
import { mailTo } from "../support/ses-store";
import {
  lifeOf,
  partition,
  person,
  send,
  startPrivacyHost,
  suppressionOf,
  tracesOf,
} from "./privacy-support";

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

describe("GDPR erase", () => {
  it("refuses a malformed shop with 400 naming query.shop, and erases nothing", async () => {
    const erika = person();
    await send(host, lifeOf(erika, "2026-11-02T07:00:00.000Z"));
    const before = await scanAll(host);

    const res = await admin(
      host,
      `/admin/customers/${erika.customer.id}?shop=${encodeURIComponent("no shop!")}`,
      {
        method: "DELETE",
      },
    );

    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ issues: [{ path: "query.shop" }] });
    expect(await scanAll(host)).toEqual(before);
  });

  it("erases every item, cancels the pending message, suppresses the address; the scan finds no trace", async () => {
    const erika = person();
    await send(host, lifeOf(erika, "2026-11-02T08:00:00.000Z"));
    // The same address as a guest checkout before she had an account: a second profile of hers.
    await send(host, [
      {
        id: `${erika.customer.id}-guest`,
        shop: "default",
        type: "order.placed",
        occurredAt: "2026-10-01T08:00:00.000Z",
        customer: { email: erika.customer.email, firstName: erika.customer.firstName },
        data: {
          orderId: `${erika.customer.id}-g1`,
          total: { amount: "9.00", currency: "EUR" },
          items: [],
          coupons: [],
        },
      },
    ]);
    const stored = [
      ...(await partition(host, "default", `id:${erika.customer.id}`)),
      ...(await partition(host, "default", customerKeyOf({ email: erika.customer.email }))),
    ];
    const journeys = stored.filter((i) => i.type === "journey");
    const waiting = journeys.filter((i) => i.status === "scheduled" || i.status === "sending");
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    // The cooldown guards of campaigns that started (the survey after each order).
    const guards = stored.filter((i) => String(i.sk).startsWith("COOLDOWN#"));
    expect(guards.length).toBeGreaterThanOrEqual(1);
    expect(await tracesOf(host, erika)).not.toEqual([]);

    const res = await admin(host, `/admin/customers/${erika.customer.id}`, { method: "DELETE" });

    expect(res.status).toBe(200);
    const receipt = (await res.json()) as EraseReceipt;
    expect(receipt).toMatchObject({
      erased: true,
      customerId: erika.customer.id,
      cancelledMessages: waiting.length,
      suppressed: true,
      linkedProfiles: 1,
      deleted: {
        profiles: 2,
        consentEntries: 1,
        journeys: journeys.length,
        other: guards.length,
        total: stored.length,
      },
    });
    expect(JSON.stringify(receipt)).not.toContain(erika.customer.email);
    expect(await tracesOf(host, erika)).toEqual([]);
    expect(await suppressionOf(host, erika.customer.email, "default")).toMatchObject({
      type: "suppression",
      reason: "erased",
    });
    // Only this shop's: elsewhere the address may belong to another shop's customer.
    expect(await suppressionOf(host, erika.customer.email)).toBeUndefined();
    expect((await admin(host, `/admin/customers/${erika.customer.id}`)).status).toBe(404);
    expect((await admin(host, `/admin/customers/${erika.customer.id}`, { method: "DELETE" })).status).toBe(
      404,
    );

    // The cancelled cart reminder never goes out.
    await host.jobs.dispatch?.(new Date("2026-11-02T12:30:00.000Z"));
    await host.bus.idle();
    expect(await mailTo(host, erika.customer.email)).toEqual([]);
  });

  it("lets no dispatch that read the message before the erase send it: the claim fails on the deleted instance", async () => {
    const erika = person();
    await send(host, lifeOf(erika, "2026-11-04T08:00:00.000Z"));
    // What a concurrent dispatch holds after its due-time Query, before the erase lands.
    const [stale] = (await partition(host, "default", `id:${erika.customer.id}`)).filter(
      (i) => i.campaignId === "high-value-cart",
    ) as JourneyInstance[];
    expect(stale?.status).toBe("scheduled");
    expect((await admin(host, `/admin/customers/${erika.customer.id}`, { method: "DELETE" })).status).toBe(
      200,
    );

    const at = "2026-11-04T12:05:00.000Z";
    // The claim alone (no suppression check in it): the instance's status condition fails on the
    // deleted item, and the whole transaction with it, so the budget update recreates no profile.
    const claim = await new JourneyStore(host.db, host.tableName).claim(
      stale!,
      { now: at, leaseUntil: "2026-11-04T12:10:00.000Z", owner: "a-stale-dispatch" },
      {
        budget: { sends: [at], expectedVersion: 0 },
      },
    );
    expect(claim).toBe("taken");
    const engine = engineDeps(EngineEnv.parse({ PUBLIC_BASE_URL: host.url }), {
      db: host.db,
      tableName: host.tableName,
      ses: createSesClient({ endpoint: host.sesEndpoint, ...localClientConfig() }),
      bus: host.bus,
      tokenKey: LOCAL_DEFAULTS.TOKEN_SIGNING_KEY,
      suppressionSalt: LOCAL_DEFAULTS.SUPPRESSION_SALT,
    });
    expect(await deliverInstance(stale!, new Date(at), engine)).not.toBe("sent");
    await host.bus.idle();

    expect(await mailTo(host, erika.customer.email)).toEqual([]);
    expect(await partition(host, "default", `id:${erika.customer.id}`)).toEqual([]);
    expect(await tracesOf(host, erika)).toEqual([]);
  });

  it("keeps a re-imported address from marketing: the campaign is skipped as suppressed, no mail", async () => {
    const erika = person();
    await send(host, lifeOf(erika, "2026-11-03T08:00:00.000Z"));
    expect((await admin(host, `/admin/customers/${erika.customer.id}`, { method: "DELETE" })).status).toBe(
      200,
    );

    // The shop sends her order again (an import, a webhook replay), consent and all.
    await send(host, lifeOf(erika, "2026-11-03T09:00:00.000Z", 1));
    await host.jobs.dispatch?.(new Date("2026-11-03T13:30:00.000Z"));
    await host.bus.idle();

    expect(await mailTo(host, erika.customer.email)).toEqual([]);
    const [cart] = (await partition(host, "default", `id:${erika.customer.id}`)).filter(
      (i) => i.campaignId === "high-value-cart",
    ) as JourneyInstance[];
    expect(cart?.ledger.at(-1)).toMatchObject({ decision: "skipped", reason: "suppressed" });
  });

  it("erases on a shop's erase webhook (Shopify customers/delete) the same way", async () => {
    const shop = "erase-shop.myshopify.com";
    const shopId = `70${Date.now()}${Math.floor(Math.random() * 10)}`.slice(0, 18);
    const someone = person(shop);
    const erika = { ...someone, customer: { ...someone.customer, id: shopId } };
    await send(host, lifeOf(erika, "2026-11-02T08:00:00.000Z"));
    expect(await partition(host, shop, `id:${shopId}`)).not.toEqual([]);

    const raw = `{"id":${shopId},"admin_graphql_api_id":"gid://shopify/Customer/${shopId}"}`;
    const res = await fetch(`${host.url}/webhooks/shopify`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "X-Shopify-Topic": "customers/delete",
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-Webhook-Id": randomUUID(),
        "X-Shopify-Hmac-Sha256": createHmac("sha256", LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET)
          .update(raw)
          .digest("base64"),
      },
      body: raw,
    });

    expect(res.status).toBe(202);
    expect(await partition(host, shop, `id:${shopId}`)).toEqual([]);
    expect(await tracesOf(host, erika)).toEqual([]);
    expect(await suppressionOf(host, erika.customer.email, shop)).toMatchObject({ reason: "erased" });
  });
});
