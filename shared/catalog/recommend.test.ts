import { describe, expect, it } from "vitest";
import type { CatalogStore } from "./catalog-store";
import type { CatalogProduct } from "./product";
import { MIN_BOUGHT_TOGETHER, rankProducts, recommendProducts } from "./recommend";

const product = (id: string, over: Partial<CatalogProduct> = {}): CatalogProduct => ({
  productId: id,
  title: `Product ${id}`,
  category: "accessories",
  url: `https://shop.example/${id}`,
  price: { amount: "9.90", currency: "EUR" },
  available: true,
  deleted: false,
  updatedAt: "2026-03-01T09:00:00.000Z",
  boughtWith: {},
  ...over,
});

/** A store whose index still lists what the table has already changed (the index lags). */
function storeWith(listed: CatalogProduct[], current: CatalogProduct[]): CatalogStore {
  return {
    put: async () => "written",
    remove: async () => "written",
    availableIn: async (_shop, category) => listed.filter((p) => p.category === category),
    current: async (_shop, ids) => current.filter((p) => ids.includes(p.productId)),
    addBoughtTogether: async () => "added",
  };
}

describe("ranking", () => {
  it("puts products often bought with the customer's categories first, the rest newest first", () => {
    const ranked = rankProducts(
      [
        product("old", { updatedAt: "2026-01-01T00:00:00.000Z" }),
        product("new", { updatedAt: "2026-03-01T00:00:00.000Z" }),
        product("paired", { updatedAt: "2025-01-01T00:00:00.000Z", boughtWith: { phones: 5 } }),
        product("paired-more", {
          updatedAt: "2025-01-01T00:00:00.000Z",
          boughtWith: { phones: 4, laptops: 3 },
        }),
      ],
      ["phones", "laptops"],
    );

    expect(ranked.map((p) => p.productId)).toEqual(["paired-more", "paired", "new", "old"]);
  });

  it("falls back to recency while the history is too thin", () => {
    const thin = { phones: MIN_BOUGHT_TOGETHER - 1 };
    const ranked = rankProducts(
      [product("a", { boughtWith: thin, updatedAt: "2026-01-01T00:00:00.000Z" }), product("b")],
      ["phones"],
    );

    expect(ranked.map((p) => p.productId)).toEqual(["b", "a"]);
  });
});

describe("recommendProducts", () => {
  it("shows at most three and none that sold out, was deleted or moved since the index saw it", async () => {
    const listed = ["a", "b", "c", "d", "e", "f"].map((id, i) =>
      product(id, { updatedAt: `2026-03-0${9 - i}T00:00:00.000Z` }),
    );
    const current = [
      product("a", { available: false }),
      product("b", { deleted: true, available: false }),
      product("c", { category: "coffee" }),
      product("d"),
      product("e"),
      product("f"),
    ];

    const cards = await recommendProducts(storeWith(listed, current), "s", {
      category: "accessories",
      boughtWith: [],
    });

    expect(cards.map((c) => c.productId)).toEqual(["d", "e", "f"]);
    expect(cards[0]).toEqual({
      productId: "d",
      title: "Product d",
      url: "https://shop.example/d",
      price: { amount: "9.90", currency: "EUR" },
    });
  });

  it("returns nothing for a category without available products", async () => {
    expect(
      await recommendProducts(storeWith([], []), "s", { category: "accessories", boughtWith: [] }),
    ).toEqual([]);
  });
});
