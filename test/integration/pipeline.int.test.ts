import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import { consentEvent, customerEvent, orderPlaced, orderRefunded } from "../support/builders";
import { eventually } from "../support/eventually";
import { admin, postEvents, scanAll, startTestHost } from "../support/local-host";

let host: LocalHost;
beforeAll(async () => {
  host = await startTestHost();
});
afterAll(async () => {
  await host?.stop();
});

const profile = async (path: string) => {
  const res = await admin(host, path);
  // biome-ignore lint/suspicious/noExplicitAny: assertions below check the shape
  return { status: res.status, body: (await res.json()) as any };
};

describe("the event pipeline through the local host", () => {
  it("answers the health check once the table and emulators answer", async () => {
    const res = await fetch(`${host.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("turns signed events into a profile, found by id and by email", async () => {
    // given
    const customer = { id: "c-100", email: "Berta@Example.com", firstName: "Berta", locale: "de-DE" };
    // when
    const res = await postEvents(host, {
      events: [
        customerEvent("customer.registered", { customer, at: "2026-10-01T08:00:00Z" }),
        consentEvent("consent.granted", {
          customer,
          confirmedAt: "2026-10-01T08:01:00Z",
          at: "2026-10-01T08:01:00Z",
        }),
        orderPlaced({ customer, orderId: "o-1", amount: "129.90", at: "2026-10-02T09:00:00Z" }),
        orderPlaced({ customer, orderId: "o-2", amount: "20.10", at: "2026-11-02T09:00:00Z" }),
      ],
    });
    // then
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 4 });
    // The bus delivers asynchronously, as EventBridge does; wait until the profile writer is done.
    const byId = await eventually(async () => {
      await host.bus.idle();
      const p = await profile("/admin/customers/c-100");
      expect(p.body).toMatchObject({ orderCount: 2, registeredAt: "2026-10-01T08:00:00.000Z" });
      return p;
    });
    expect(byId.body).toMatchObject({
      customerId: "c-100",
      email: "berta@example.com",
      orderCount: 2,
      totalRevenue: { amount: "150.00", currency: "EUR" },
      firstOrderAt: "2026-10-02T09:00:00.000Z",
      lastOrderAt: "2026-11-02T09:00:00.000Z",
      lifecycleStage: "repeat",
      consent: { email: { marketing: "granted" } },
    });
    const byEmail = await profile(`/admin/customers?email=${encodeURIComponent("berta@example.com")}`);
    expect(byEmail.body).toEqual(byId.body);
  });

  it("counts a duplicate delivery once", async () => {
    const event = orderPlaced({ id: "dup-1", customer: { id: "c-200" }, orderId: "o-200", amount: "10.00" });
    for (let i = 0; i < 3; i++) expect((await postEvents(host, event)).status).toBe(202);
    await host.bus.idle();
    const p = await profile("/admin/customers/c-200");
    expect(p.body.orderCount).toBe(1);
    expect(p.body.totalRevenue.amount).toBe("10.00");
  });

  it("gets the same profile when a refund arrives before its order", async () => {
    const customer = { id: "c-300" };
    await postEvents(host, orderRefunded({ customer, orderId: "o-300", amount: "5.00" }));
    await host.bus.idle();
    await postEvents(host, orderPlaced({ customer, orderId: "o-300", amount: "30.00" }));
    await host.bus.idle();
    const p = await profile("/admin/customers/c-300");
    expect(p.body).toMatchObject({ orderCount: 1, totalRevenue: { amount: "25.00", currency: "EUR" } });
  });

  it("keeps a guest checkout apart under its email and finds it", async () => {
    await postEvents(
      host,
      orderPlaced({ customer: { email: "guest@example.com" }, orderId: "g-1", amount: "12.00" }),
    );
    await host.bus.idle();
    const p = await profile("/admin/customers?email=guest@example.com");
    expect(p.status).toBe(200);
    expect(p.body.customerId).toMatch(/^guest:[0-9a-f]{32}$/);
    expect((await profile(`/admin/customers/${encodeURIComponent(p.body.customerId)}`)).body).toEqual(p.body);
  });

  it("folds 50 concurrent events for one customer without losing any", async () => {
    const customer = { id: "c-400" };
    const events = Array.from({ length: 50 }, (_, i) =>
      orderPlaced({
        customer,
        orderId: `o-4-${i}`,
        amount: "1.00",
        at: `2026-09-01T10:${String(i).padStart(2, "0")}:00Z`,
      }),
    );
    await Promise.all(events.map((e) => postEvents(host, e)));
    await host.bus.idle();
    const p = await profile("/admin/customers/c-400");
    expect(p.body).toMatchObject({ orderCount: 50, totalRevenue: { amount: "50.00" } });
    expect(host.bus.deadLetters).toHaveLength(0);
  });

  it("keeps profiles of different shops apart", async () => {
    await postEvents(host, { ...orderPlaced({ customer: { id: "c-500" }, orderId: "x-1" }), shop: "shop-b" });
    await host.bus.idle();
    const missed = await profile("/admin/customers/c-500");
    expect(missed.status).toBe(404);
    // The lookup that named no shop says so, and how to name one.
    expect(missed.body.error).toMatch(
      /^no such customer in shop "default" \(no \?shop= given\); .* add \?shop=<id>/,
    );
    expect((await profile("/admin/customers/c-500?shop=shop-b")).body.orderCount).toBe(1);
    expect((await profile("/admin/customers/c-500?shop=shop-c")).body).toEqual({
      error: 'no such customer in shop "shop-c"',
    });
  });

  it("answers 404 for an unknown customer and 401 to admin calls without the token", async () => {
    expect((await profile("/admin/customers/nobody")).status).toBe(404);
    expect((await fetch(`${host.url}/admin/customers/c-100`)).status).toBe(401);
  });
});

describe("rejected requests write nothing", () => {
  it("a wrong signature is 401, a malformed body 400, an oversized one 413, and the table stays as it was", async () => {
    await host.bus.idle();
    const before = await scanAll(host);
    const event = orderPlaced({ customer: { id: "c-999" }, orderId: "o-999" });

    const wrongSignature = await postEvents(host, event, "not-the-secret");
    expect(wrongSignature.status).toBe(401);

    const malformed = await postEvents(host, '{"id": "x", "type": "order.placed", ');
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("(body)");

    const badField = await postEvents(host, { ...event, occurredAt: "yesterday" });
    expect(badField.status).toBe(400);
    expect(((await badField.json()) as { issues: { path: string }[] }).issues[0]?.path).toBe("occurredAt");

    const oversized = await postEvents(host, { ...event, pad: "x".repeat(300 * 1024) });
    expect(oversized.status).toBe(413);

    await host.bus.idle();
    expect(await scanAll(host)).toEqual(before);
  });
});
