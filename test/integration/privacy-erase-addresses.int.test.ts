import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { customerKeyOf } from "../../shared/domain/identity";
import type { CanonicalEvent } from "../../shared/events/catalog";
import { admin, scanAll } from "../support/local-host";
import { partition, person, send, startPrivacyHost, suppressionOf } from "./privacy-support";

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

describe("erasing a person whose address changed", () => {
  it("erases the guest profile of every earlier address too, and suppresses each address", async () => {
    const p = person();
    const { id, email: current, firstName } = p.customer;
    const earlier = `old.${current}`;
    const guestOrder: CanonicalEvent = {
      id: `${id}-guest`,
      shop: p.shop,
      type: "order.placed",
      occurredAt: "2026-10-01T10:00:00.000Z",
      customer: { email: earlier, firstName },
      data: { orderId: `${id}-g1`, total: { amount: "20.00", currency: "EUR" }, items: [], coupons: [] },
    };
    const registered: CanonicalEvent = {
      id: `${id}-reg`,
      shop: p.shop,
      type: "customer.registered",
      occurredAt: "2026-10-05T10:00:00.000Z",
      customer: { id, email: earlier, firstName },
      data: {},
    };
    const moved: CanonicalEvent = {
      id: `${id}-moved`,
      shop: p.shop,
      type: "customer.updated",
      occurredAt: "2026-10-20T10:00:00.000Z",
      customer: { id, email: current },
      data: {},
    };
    // The address change arrives before the registration it follows: the earlier address still counts.
    await send(host, [guestOrder]);
    await send(host, [moved]);
    await send(host, [registered]);
    const guestKey = customerKeyOf({ email: earlier });
    expect(await partition(host, p.shop, guestKey)).not.toEqual([]);

    const res = await admin(host, `/admin/customers/${id}`, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ erased: true, suppressed: true, linkedProfiles: 1 });

    expect(await partition(host, p.shop, guestKey)).toEqual([]);
    expect(await partition(host, p.shop, customerKeyOf({ id }))).toEqual([]);
    const table = JSON.stringify(await scanAll(host)).toLowerCase();
    for (const trace of [earlier, current, firstName, id]) expect(table).not.toContain(trace.toLowerCase());
    expect(await suppressionOf(host, earlier, p.shop)).toBeDefined();
    expect(await suppressionOf(host, current, p.shop)).toBeDefined();
  });
});
