import { describe, expect, it } from "vitest";
import type { ImportItem } from "./format";
import { readShopifyOrders, shopifyTime } from "./shopify-orders";

const HEADER =
  "Name,Email,Financial Status,Paid at,Currency,Subtotal,Total,Discount Code,Created at," +
  "Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku,Notes,Cancelled at,Refunded Amount,Id";

async function read(rows: string[]): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of readShopifyOrders({
    shop: "my-shop.myshopify.com",
    lines: async function* () {
      const lines = [HEADER, ...rows].join("\n").split("\n");
      for (const [i, text] of lines.entries()) yield { line: i + 1, text };
    },
  }))
    items.push(item);
  return items;
}

// biome-ignore lint/suspicious/noExplicitAny: the assertions below check the mapped shape
const events = (items: ImportItem[]): any[] => items.flatMap((i) => (i.kind === "events" ? i.events : []));

describe("reading a Shopify orders export", () => {
  it("maps each order as the orders webhook does, with the webhook's ids", async () => {
    const items = await read([
      '#1001,anna@example.com,paid,2024-05-01 10:12:00 +0200,EUR,100.00,104.90,WELCOME10,2024-05-01 10:11:12 +0200,2,Mug,40.00,MUG-1,"ring twice,\nplease",,,5619887030513',
      "#1001,anna@example.com,,,,,,,,1,Plate,20.00,PLATE-1,,,,",
      "#1002,bob@example.com,refunded,,EUR,50,50.00,,2024-05-02T08:00:00Z,1,Bowl,50.00,,,,20.00,5619887030514",
    ]);
    expect(items.map((i) => [i.kind, i.line])).toEqual([
      ["events", 4],
      ["events", 5],
    ]);
    const [placed, second, refund] = events(items);
    expect(placed).toEqual({
      shop: "my-shop.myshopify.com",
      customer: { email: "anna@example.com" },
      id: "shopify:order:5619887030513:placed",
      type: "order.placed",
      occurredAt: "2024-05-01T10:11:12+02:00",
      data: {
        orderId: "5619887030513",
        total: { amount: "104.90", currency: "EUR" },
        items: [
          { sku: "MUG-1", name: "Mug", quantity: 2, price: { amount: "40.00", currency: "EUR" } },
          { sku: "PLATE-1", name: "Plate", quantity: 1, price: { amount: "20.00", currency: "EUR" } },
        ],
        coupons: ["WELCOME10"],
      },
    });
    expect(second.data.orderId).toBe("5619887030514");
    expect(refund).toMatchObject({
      id: "import-shopify-order-5619887030514-refunded",
      type: "order.refunded",
      data: { orderId: "5619887030514", amount: { amount: "20.00", currency: "EUR" } },
    });
  });

  it("refunds a cancelled order in full so that it leaves the order count", async () => {
    const items = await read([
      "#1003,c@example.com,voided,,EUR,30,30.00,,2024-05-03 09:00:00 +0000,1,Cup,30.00,,,2024-05-03 10:00:00 +0000,0.00,5619887030515",
    ]);
    expect(events(items)[1]).toMatchObject({
      type: "order.refunded",
      data: { orderId: "5619887030515", amount: { amount: "30.00" } },
    });
  });

  it("rejects an order without an email or an Id on its first row, and its other rows with it", async () => {
    const items = await read([
      "#1004,,paid,,EUR,30,30.00,,2024-05-03 09:00:00 +0000,1,Cup,30.00,,,,,5619887030516",
      "#1004,,,,,,,,,1,Cup,30.00,,,,,",
      "#1005,d@example.com,paid,,EUR,30,30.00,,2024-05-03 09:00:00 +0000,1,Cup,30.00,,,,,#1005",
    ]);
    expect(items).toEqual([
      { kind: "reject", line: 2, reason: "no customer" },
      { kind: "reject", line: 3, reason: "order rejected at line 2" },
      {
        kind: "reject",
        line: 4,
        reason: "Id: not a Shopify order id (the live webhooks match orders by it)",
      },
    ]);
  });

  it("reads the export's time with its offset", () => {
    expect(shopifyTime("2024-05-01 10:11:12 -0500")).toBe("2024-05-01T10:11:12-05:00");
    expect(shopifyTime("yesterday")).toBeUndefined();
  });
});
