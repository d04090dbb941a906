import { describe, expect, it } from "vitest";
import { detectFormat } from "./format";

describe("detecting an import file's format from its first line", () => {
  it("tells the CSV exports by their headers", () => {
    expect(detectFormat("Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country")).toBe(
      "online-retail",
    );
    expect(detectFormat("Name,Email,Financial Status,Paid at,Lineitem quantity,Id")).toBe("shopify-orders");
    expect(detectFormat("a,b,c")).toBeUndefined();
  });

  it("tells a platform's REST order from a canonical event", () => {
    expect(detectFormat('{"id":727,"date_created_gmt":"2017-03-22T19:28:02","line_items":[]}')).toBe(
      "woocommerce-orders",
    );
    expect(detectFormat('{"id":450789469,"total_price":"10.00","line_items":[]}')).toBe("shopify-orders");
    expect(detectFormat('{"id":"evt-1","type":"order.placed","occurredAt":"2026-01-01T00:00:00Z"}')).toBe(
      "canonical",
    );
  });
});
