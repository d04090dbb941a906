import { describe, expect, it } from "vitest";
import { boughtTogetherOf } from "./apply-catalog";

const line = (productId: string | undefined, category: string | undefined) => ({
  ...(productId ? { productId } : {}),
  ...(category ? { category } : {}),
  quantity: 1,
  price: { amount: "1.00", currency: "EUR" },
});

describe("bought together", () => {
  it("pairs each product with the order's other categories, not its own lines", () => {
    const lines = boughtTogetherOf([
      line("phone", "phones"),
      line("case", "accessories"),
      line("case", "accessories"),
      line("cable", "accessories"),
      line(undefined, "coffee"),
    ]);

    expect(lines).toEqual([
      { productId: "phone", categories: ["accessories", "coffee"] },
      { productId: "case", categories: ["phones", "accessories", "coffee"] },
      { productId: "cable", categories: ["phones", "accessories", "coffee"] },
    ]);
  });

  it("has nothing to count for a single product or lines without product ids", () => {
    expect(boughtTogetherOf([line("phone", "phones"), line("phone", "phones")])).toEqual([]);
    expect(boughtTogetherOf([line(undefined, "phones"), line(undefined, "coffee")])).toEqual([]);
  });
});
