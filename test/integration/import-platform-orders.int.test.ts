import { createHmac, randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tableApplier } from "../../infra/local/commands/import";
import type { LocalHost } from "../../infra/local/host";
import { importFile } from "../../shared/importing/import-file";
import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import { fixtureJson, fixtureText } from "../fixtures/connectors/fixtures";
import { admin, scanAll, startTestHost } from "../support/local-host";

// Import, then the live webhooks for the same orders (or the other way round): the orders and
// refunds come out of the connector's own mapping with the connector's own event ids, so nothing
// counts twice and the later copy writes nothing.

let host: LocalHost;
let table: ReturnType<typeof tableApplier>;
const dir = mkdtempSync(join(tmpdir(), "import-platform-"));
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return { file: path, rejectsPath: `${path}.rejects.csv` };
};

beforeAll(async () => {
  host = await startTestHost();
  table = tableApplier({ endpoint: host.dynamoEndpoint, tableName: host.tableName });
});
afterAll(async () => {
  table?.close();
  await host?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// biome-ignore lint/suspicious/noExplicitAny: assertions below check the shape
const profile = async (path: string): Promise<any> => (await admin(host, path)).json();
const profiles = async () =>
  JSON.stringify((await scanAll(host)).filter((i) => i.type === "profile" || i.type === "consent"));

const WOO_SHOP = "my-shop.example";
// WooCommerce's REST v3 documentation example: a guest order (customer_id 0), processing.
const wooOrder = fixtureJson("woocommerce/order.created.rest-v3-docs-example.json");
// The same order resource for an account customer, later partly refunded (REST lists refunds negative).
const wooRefunded = {
  ...wooOrder,
  id: 731,
  customer_id: 12,
  billing: { ...(wooOrder.billing as object), email: "jane.roe@example.com" },
  status: "completed",
  date_modified_gmt: "2017-03-25T10:00:00",
  refunds: [{ id: 901, reason: "", total: "-5.00" }],
};

function deliverWoo(order: object) {
  const raw = JSON.stringify(order);
  return fetch(`${host.url}/webhooks/woocommerce`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-WC-Webhook-Source": `https://${WOO_SHOP}/`,
      "X-WC-Webhook-Topic": "order.updated",
      "X-WC-Webhook-Delivery-ID": randomUUID(),
      "X-WC-Webhook-Signature": createHmac("sha256", LOCAL_DEFAULTS.WOOCOMMERCE_WEBHOOK_SECRET)
        .update(raw)
        .digest("base64"),
    },
    body: raw,
  });
}

const SHOPIFY_SHOP = "my-shop.myshopify.com";
// Shopify's documentation sample of an order, as text (its 18-digit ids intact), before cancellation.
const shopifyOrder = {
  ...JSON.parse(fixtureText("shopify/gadget-docs-metadata-2026-04/orders.create.json")).response,
  cancelled_at: null,
  cancel_reason: null,
  financial_status: "paid",
};

function deliverShopify(order: object) {
  const raw = JSON.stringify(order);
  return fetch(`${host.url}/webhooks/shopify`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": SHOPIFY_SHOP,
      "X-Shopify-Webhook-Id": randomUUID(),
      "X-Shopify-Hmac-Sha256": createHmac("sha256", LOCAL_DEFAULTS.SHOPIFY_WEBHOOK_SECRET)
        .update(raw)
        .digest("base64"),
    },
    body: raw,
  });
}

describe("importing a platform's REST orders", () => {
  it("imports WooCommerce orders, rejects bad lines by number, and a later live webhook counts nothing twice", async () => {
    // given a WooCommerce orders dump (one REST order per line) with two bad lines
    const noTotal: Record<string, unknown> = { ...wooOrder, id: 732 };
    delete noTotal.total;
    const input = file("woo-orders.jsonl", [
      JSON.stringify(wooOrder),
      JSON.stringify([wooOrder]),
      JSON.stringify(wooRefunded),
      JSON.stringify(noTotal),
    ]);
    // when it is imported under the shop's own identity (the host name its webhooks carry)
    const summary = await importFile({ ...input, shop: WOO_SHOP }, table);
    // then the orders and the refund are on the profiles, and each bad line is named
    expect(summary).toMatchObject({ format: "woocommerce-orders", applied: 3, rejected: 2, complete: true });
    expect(readFileSync(input.rejectsPath, "utf8").split("\n")).toEqual([
      "line,reason",
      "2,not a JSON object (one order per line: jq -c '.[]')",
      "4,total: Invalid input",
      "",
    ]);
    expect(await profile(`/admin/customers?email=john.doe@example.com&shop=${WOO_SHOP}`)).toMatchObject({
      orderCount: 1,
      totalRevenue: { amount: "29.35", currency: "USD" },
    });
    expect(await profile(`/admin/customers/12?shop=${WOO_SHOP}`)).toMatchObject({
      orderCount: 1,
      totalRevenue: { amount: "24.35", currency: "USD" },
    });

    // when the shop's live webhooks for the same orders arrive afterwards
    const before = await profiles();
    expect((await deliverWoo(wooOrder)).status).toBe(202);
    expect((await deliverWoo(wooRefunded)).status).toBe(202);
    await host.bus.idle();
    // then no profile changes: same event ids, same customers, same refund
    expect(await profiles()).toBe(before);
  });

  it("imports Shopify REST orders after their live webhook without counting them again", async () => {
    // given the order already arrived live
    expect((await deliverShopify(shopifyOrder)).status).toBe(202);
    await host.bus.idle();
    const before = await profiles();
    // when a dump of the shop's orders is imported (detected from the first line)
    const input = file("shopify-orders.jsonl", [JSON.stringify(shopifyOrder)]);
    const summary = await importFile({ ...input, shop: SHOPIFY_SHOP }, table);
    // then every event is one the profile already holds
    expect(summary.format).toBe("shopify-orders");
    expect(summary.applied).toBeGreaterThan(0);
    expect(summary.outcomes).toEqual({ unchanged: summary.applied });
    expect(await profiles()).toBe(before);
    expect(await profile(`/admin/customers/115310627314723954?shop=${SHOPIFY_SHOP}`)).toMatchObject({
      orderCount: 1,
      totalRevenue: { amount: "404.95", currency: "USD" },
    });
  });
});
