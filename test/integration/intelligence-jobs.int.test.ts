import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { BusEvent } from "../../shared/messaging/event-bus";
import { orderPlaced } from "../support/builders";
import { admin, postEvents, startTestHost } from "../support/local-host";
import { profileOf, seedProfiles, simulatedCustomers } from "../support/seed-profiles";

let host: LocalHost;
const published: BusEvent[] = [];
beforeAll(async () => {
  // A lower minimum of repeat buyers keeps the BG/NBD shop below a thousand profiles.
  host = await startTestHost({ env: { MODEL_MIN_REPEAT_BUYERS: "100" } });
  const publish = host.bus.publish.bind(host.bus);
  // Observe what the jobs put on the bus; delivery stays the local bus's.
  vi.spyOn(host.bus, "publish").mockImplementation(async (events) => {
    published.push(...events);
    await publish(events);
  });
});
afterAll(async () => {
  await host?.stop();
});

const SHOP = "small-shop";
const DAY = 86_400_000;
const at = (iso: string, plusDays = 0) => new Date(Date.parse(iso) + plusDays * DAY).toISOString();

async function send(events: CanonicalEvent[]) {
  for (let i = 0; i < events.length; i += 100) {
    expect((await postEvents(host, { events: events.slice(i, i + 100) })).status).toBe(202);
  }
  await host.bus.idle();
}

async function runJob(name: string, now: string) {
  const res = await admin(host, `/admin/jobs/${name}`, { method: "POST", body: JSON.stringify({ now }) });
  expect(res.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: the summary's shape is asserted below
  return (await res.json()) as any;
}

async function profile(id: string, shop = SHOP) {
  const res = await admin(host, `/admin/customers/${id}?shop=${shop}`);
  expect(res.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: assertions below check the shape
  return (await res.json()) as any;
}

const order = (id: string, n: number, when: string, amount = "40.00") =>
  orderPlaced({ shop: SHOP, customer: { id }, orderId: `${id}-${n}`, amount, at: when });

describe("customer intelligence through the local host (a small shop: rules)", () => {
  it("files an order for a check, flags an overdue regular after fit-model and churn-sweep, and says why", async () => {
    // given: 30 customers, among them a regular who ordered every 20 days until March 1st
    const others = Array.from({ length: 29 }, (_, i) =>
      Array.from({ length: 1 + (i % 3) }, (_, k) =>
        order(`s-${i}`, k, at("2026-01-05T10:00:00Z", i + 25 * k)),
      ),
    ).flat();
    const regular = [0, 1, 2, 3].map((k) => order("reg", k, at("2025-12-31T10:00:00Z", 20 * k)));
    await send([...others, ...regular]);
    const item = await host.db.send(
      new GetCommand({ TableName: host.tableName, Key: { pk: `S#${SHOP}#C#id:reg`, sk: "PROFILE" } }),
    );
    expect(item.Item).toMatchObject({ checkPk: `CHECK#${SHOP}#2026-03-15`, checkSk: "id:reg" });

    // when: the weekly model job, then the daily sweep six weeks after the last order
    const fit = await runJob("fit-model", "2026-03-10T02:00:00Z");
    // five customers order again in April: their checks move past the sweep's day
    await send([0, 1, 2, 3, 4].map((i) => order(`s-${i}`, 9, "2026-04-10T10:00:00.000Z")));
    const sweep = await runJob("churn-sweep", "2026-04-15T04:00:00Z");

    // then: rules for a shop this small, and the regular is at risk with the reason on the profile
    expect(fit.shops).toContainEqual(
      expect.objectContaining({
        shop: SHOP,
        model: "rfm-rules",
        counts: { profiles: 30, buyers: 30, repeatBuyers: 20 },
      }),
    );
    expect(fit.shops.find((s: { shop: string }) => s.shop === SHOP).reason).toMatch(/fewer than the 100/);
    const swept = sweep.shops.find((s: { shop: string }) => s.shop === SHOP);
    expect(swept.due).toBe(25);
    expect(swept.outcomes["at-risk"]).toBeGreaterThanOrEqual(1);
    const reg = await profile("reg");
    expect(reg.lifecycleStage).toBe("at-risk");
    expect(reg.predictions).toMatchObject({
      model: "rfm-rules",
      status: "at-risk",
      evaluatedBy: "churn-sweep",
      evaluatedAt: "2026-04-15T04:00:00.000Z",
      nextOrderDueAt: "2026-03-21T00:00:00.000Z",
      inputs: { intervalDays: 20, intervalSource: "own", daysSinceLastOrder: 45 },
    });
    expect(reg.predictions.segment).toEqual(expect.any(String));
    expect(reg.predictions.explanation).toMatch(/every 20 days/);
    const churn = published.filter((e) => e.detailType === "customer.churn-risk");
    expect(churn.map((e) => e.detail)).toContainEqual(
      expect.objectContaining({
        shop: SHOP,
        customer: { id: "reg" },
        data: expect.objectContaining({ stage: "at-risk", model: "rfm-rules", intervalDays: 20 }),
      }),
    );
    expect(published.some((e) => e.detailType === "customer.next-order-due")).toBe(true);
    // The campaign engine took them: every consumer parsed the events.
    await host.bus.idle();
    expect(host.bus.deadLetters).toEqual([]);
  });

  it("clears the mark and refiles the check when the customer orders again", async () => {
    await send([order("reg", 4, "2026-04-20T09:00:00.000Z")]);

    const reg = await profile("reg");
    const item = await host.db.send(
      new GetCommand({ TableName: host.tableName, Key: { pk: `S#${SHOP}#C#id:reg`, sk: "PROFILE" } }),
    );

    expect(reg.lifecycleStage).toBe("repeat");
    expect(item.Item?.checkPk).toBe(`CHECK#${SHOP}#2026-05-04`);
  });

  it("does not publish again when the same sweep runs twice, and a repeated fit changes nothing", async () => {
    const before = published.length;

    await runJob("churn-sweep", "2026-04-15T04:00:00Z");
    const again = await runJob("fit-model", "2026-03-10T02:00:00Z");

    expect(published.length).toBe(before);
    expect(again.shops.find((s: { shop: string }) => s.shop === SHOP).profiles).toEqual({ stale: 30 });
  });

  it("shows the latest delivered, opened and clicked email on the profile", async () => {
    const message = (type: "message.delivered" | "message.opened" | "message.clicked", when: string) =>
      ({
        id: `${type}-${when}`,
        shop: SHOP,
        type,
        occurredAt: when,
        customer: { id: "s-1" },
        data: {},
      }) as CanonicalEvent;

    await send([
      message("message.opened", "2026-04-02T10:00:00.000Z"),
      message("message.delivered", "2026-04-02T09:00:00.000Z"),
      message("message.opened", "2026-04-01T10:00:00.000Z"),
    ]);

    expect((await profile("s-1")).engagement).toEqual({
      lastDeliveredAt: "2026-04-02T09:00:00.000Z",
      lastOpenAt: "2026-04-02T10:00:00.000Z",
      lastClickAt: null,
    });
  });
});

describe("customer intelligence with enough data for BG/NBD", () => {
  it("fits the model and gives a one-order and a 200-order customer finite, sensible predictions", async () => {
    // given: 400 simulated customers, a heavy buyer (200 orders) and a one-time buyer, written directly
    const now = new Date("2026-06-01T02:00:00.000Z");
    const heavy = profileOf({
      shop: "big-shop",
      id: "heavy",
      orders: Array.from({ length: 200 }, (_, k) => ({
        at: at(now.toISOString(), -400 + 2 * k),
        amount: "35.00",
      })),
    });
    const once = profileOf({
      shop: "big-shop",
      id: "once",
      orders: [{ at: at(now.toISOString(), -90), amount: "30.00" }],
    });
    const crowd = simulatedCustomers(400, now, 11, "big-shop").map(profileOf);
    await seedProfiles(host.db, host.tableName, [...crowd, heavy, once]);

    // when
    const fit = await host.jobs["fit-model"]?.(now);

    // then
    const big = (fit as { shops: Array<Record<string, unknown>> }).shops.find((s) => s.shop === "big-shop");
    expect(big).toMatchObject({ model: "bgnbd", boundary: null, profiles: { written: 402 } });
    expect(big?.logLikelihood).toBeLessThan(0);
    const [loyal, light] = [await profile("heavy", "big-shop"), await profile("once", "big-shop")];
    for (const p of [loyal.predictions, light.predictions]) {
      expect(p.model).toBe("bgnbd");
      for (const n of [p.churnRisk, p.pAlive, p.overdueFactor, ...Object.values(p.expectedPurchases)])
        expect(Number.isFinite(n)).toBe(true);
      expect(p.clv).toMatchObject({ amount: expect.stringMatching(/^\d+\.\d{2}$/), currency: "EUR" });
      expect(p.inputs.params).toEqual(
        expect.objectContaining({ r: expect.any(Number), alpha: expect.any(Number) }),
      );
    }
    expect(loyal.predictions.churnRisk).toBeLessThan(light.predictions.churnRisk);
    expect(loyal.predictions.expectedPurchases["30"]).toBeGreaterThan(
      light.predictions.expectedPurchases["30"],
    );
    expect(loyal.predictions).toMatchObject({ abc: "A", segment: "champions" });
  });
});
