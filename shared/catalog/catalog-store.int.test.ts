import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { localClientConfig } from "../../infra/local/emulators";
import { ensureTable } from "../../infra/local/table";
import type { ProductData } from "../events/product-events";
import { DynamoCatalogStore } from "./catalog-store";
import { recommendProducts } from "./recommend";

const tableName = `catalog-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;
let store: DynamoCatalogStore;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: inject("dynamoEndpoint"), ...localClientConfig() });
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, tableName);
  store = new DynamoCatalogStore(db, tableName);
});
afterAll(() => {
  client?.destroy();
});

const product = (id: string, over: Partial<ProductData> = {}): ProductData => ({
  productId: id,
  title: `Case ${id}`,
  category: "accessories",
  url: `https://shop.example/p/${id}`,
  price: { amount: "19.90", currency: "EUR" },
  available: true,
  ...over,
});

const at = (minute: number, eventId = `e-${minute}`) => ({
  occurredAt: new Date(Date.UTC(2026, 2, 1, 9, minute)).toISOString(),
  eventId,
});

function shuffled<T>(list: readonly T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

async function itemsOf(shop: string) {
  const out = await db.send(
    new QueryCommand({
      TableName: tableName,
      IndexName: "byCategory",
      KeyConditionExpression: "catPk = :k",
      ExpressionAttributeValues: { ":k": `S#${shop}#K#accessories` },
    }),
  );
  return out.Items ?? [];
}

describe("the catalog store", () => {
  it("keeps the latest state of each product whatever the order and number of deliveries", async () => {
    // given: 40 products, each with 5 versions (the last one decides: odd products end sold out,
    // every tenth deleted), every event delivered twice, all shuffled and written concurrently
    const shop = "many";
    const writes: Array<() => Promise<unknown>> = [];
    for (let p = 0; p < 40; p++) {
      const id = `p${p}`;
      for (let v = 0; v < 5; v++) {
        const last = v === 4;
        const stamp = at(v, `${id}-v${v}`);
        const write =
          last && p % 10 === 0
            ? () => store.remove(shop, id, stamp)
            : () =>
                store.put(
                  shop,
                  product(id, { title: `${id} v${v}`, available: last ? p % 2 === 0 : v % 2 === 1 }),
                  stamp,
                );
        writes.push(write, write);
      }
    }

    // when
    const outcomes = await Promise.all(shuffled(writes, 7).map((w) => w()));

    // then: of each pair of identical deliveries at most one wrote, and the final state is the newest
    expect(outcomes.filter((o) => o === "stale").length).toBeGreaterThanOrEqual(200);
    const state = await store.current(
      shop,
      Array.from({ length: 40 }, (_, p) => `p${p}`),
    );
    expect(state).toHaveLength(40);
    for (const s of state) {
      const p = Number(s.productId.slice(1));
      expect(s.deleted, s.productId).toBe(p % 10 === 0);
      if (p % 10 !== 0) expect(s.title, s.productId).toBe(`p${p} v4`);
      expect(s.available, s.productId).toBe(p % 10 !== 0 && p % 2 === 0);
    }
    // the index holds exactly the available ones: even, not deleted (p2, p4, p6, p8, p12, ...)
    const listed = (await itemsOf(shop)).map((i) => i.productId).sort();
    const expected = Array.from({ length: 40 }, (_, p) => p)
      .filter((p) => p % 2 === 0 && p % 10 !== 0)
      .map((p) => `p${p}`)
      .sort();
    expect(listed).toEqual(expected);
  });

  it("rejects a duplicate and an older event, and lists a category newest first", async () => {
    const shop = "order";
    expect(await store.put(shop, product("a"), at(5))).toBe("written");
    expect(await store.put(shop, product("a"), at(5))).toBe("stale");
    expect(await store.put(shop, product("a", { available: false }), at(4))).toBe("stale");
    expect(await store.put(shop, product("b"), at(6))).toBe("written");
    expect(await store.remove(shop, "c", at(9))).toBe("written");
    expect(await store.put(shop, product("c"), at(8))).toBe("stale");

    const listed = await store.availableIn(shop, "accessories", 10);

    expect(listed.map((p) => p.productId)).toEqual(["b", "a"]);
    expect(listed[0]).toMatchObject({ title: "Case b", url: "https://shop.example/p/b", available: true });
  });

  it("keeps products of different shops apart", async () => {
    await store.put("shop-1", product("x"), at(1));

    expect(await store.availableIn("shop-2", "accessories", 10)).toEqual([]);
    expect(await store.current("shop-2", ["x"])).toEqual([]);
  });

  it("ranks by what was bought together once there is enough of it, counting each order once", async () => {
    // given: an old case and a new strap; three orders put the case beside a phone, each
    // delivered twice at once; one of them names the case before its product event arrived
    const shop = "pairs";
    const orders = ["o-1", "o-2", "o-3"].map(
      (orderId) => () =>
        store.addBoughtTogether(shop, orderId, [{ productId: "case", categories: ["phones", "phones"] }]),
    );
    expect(await orders[0]?.()).toBe("added");
    await store.put(shop, product("case", { title: "Old Case" }), at(1));
    await store.put(shop, product("strap", { title: "New Strap" }), at(30));
    const outcomes = await Promise.all(shuffled([...orders, ...orders], 3).map((o) => o()));

    // when
    const forPhones = await recommendProducts(store, shop, {
      category: "accessories",
      boughtWith: ["phones"],
    });
    const forLaptops = await recommendProducts(store, shop, {
      category: "accessories",
      boughtWith: ["laptops"],
    });

    // then: each order counted once (3), the count survives the product's own write
    expect(outcomes.filter((o) => o === "added")).toHaveLength(2);
    const [stored] = await store.current(shop, ["case"]);
    expect(stored).toMatchObject({ title: "Old Case", boughtWith: { phones: 3 } });
    expect(forPhones.map((p) => p.title)).toEqual(["Old Case", "New Strap"]);
    expect(forLaptops.map((p) => p.title)).toEqual(["New Strap", "Old Case"]);
  });
});
