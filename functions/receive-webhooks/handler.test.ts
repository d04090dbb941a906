import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { InMemoryDeliveryLog } from "../../shared/persistence/delivery-log";
import { RecordingBus } from "../../test/support/recording-bus";
import { createSecretFor, localSecretFor, ReceiveWebhooksConfig } from "./config";
import { createHandler, platformOf } from "./handler";

const context = { functionName: "receive-webhooks", awsRequestId: "r-1" } as Context;

function event(
  rawPath: string,
  body: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  return {
    version: "2.0",
    routeKey: "POST /webhooks/{platform}",
    rawPath,
    rawQueryString: "",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body,
    isBase64Encoded: false,
    ...(pathParameters ? { pathParameters } : {}),
  } as unknown as APIGatewayProxyEventV2;
}

describe("the receive-webhooks handler", () => {
  it("routes by the platform path parameter, or else by the path's last segment", () => {
    expect(platformOf({ rawPath: "/webhooks/x", pathParameters: { platform: "shopware" } })).toBe("shopware");
    expect(platformOf({ rawPath: "/webhooks/woocommerce" })).toBe("woocommerce");
    expect(platformOf({ rawPath: "/webhooks/shopify/" })).toBe("shopify");
    expect(platformOf({ rawPath: "/webhooks/magento" })).toBeUndefined();
  });

  it("answers a request end to end through the middleware, and 404 for an unknown platform", async () => {
    const handler = createHandler({
      secretFor: async () => undefined,
      bus: new RecordingBus(),
      deliveries: new InMemoryDeliveryLog(),
      now: () => new Date(),
    });
    expect((await handler(event("/webhooks/woocommerce", "webhook_id=7"), context)).statusCode).toBe(200);
    expect((await handler(event("/webhooks/magento", "{}"), context)).statusCode).toBe(404);
  });
});

describe("webhook secrets", () => {
  it("prefers a shop's own secret from SHOP_SECRETS over its platform's", async () => {
    const config = ReceiveWebhooksConfig.parse({
      EVENT_BUS_NAME: "bus",
      TABLE_NAME: "table",
      SHOP_SECRETS: JSON.stringify({ "woocommerce:my-shop.example": "per-shop" }),
    });
    const secretFor = createSecretFor(config.SHOP_SECRETS, async (name) => `platform:${name}`);
    expect(await secretFor("woocommerce", "my-shop.example")).toBe("per-shop");
    // WooCommerce has per-shop secrets configured: an unlisted shop has none (401), not the default.
    expect(await secretFor("woocommerce", "other.example")).toBeUndefined();
    expect(await secretFor("shopify", "__proto__")).toBe("platform:SHOPIFY_WEBHOOK_SECRET");
  });

  it("fetches a configured shop's own secret by its Secrets Manager name (SHOP_SECRET_IDS)", async () => {
    const config = ReceiveWebhooksConfig.parse({
      EVENT_BUS_NAME: "bus",
      TABLE_NAME: "table",
      SHOP_SECRET_IDS: JSON.stringify({ "shopware:dgrH7nLU6tlE": "stammkunde/shop/one" }),
    });
    const fetched: string[] = [];
    const secretFor = createSecretFor(config.SHOP_SECRETS, async (name) => `platform:${name}`, {
      ids: config.SHOP_SECRET_IDS,
      fetch: async (id) => {
        fetched.push(id);
        return `value of ${id}`;
      },
    });
    expect(await secretFor("shopware", "dgrH7nLU6tlE")).toBe("value of stammkunde/shop/one");
    expect(await secretFor("shopware", "other")).toBeUndefined();
    expect(await secretFor("woocommerce", "dgrH7nLU6tlE")).toBe("platform:WOOCOMMERCE_WEBHOOK_SECRET");
    expect(fetched).toEqual(["stammkunde/shop/one"]);
  });

  it("refuses malformed SHOP_SECRETS without quoting them", () => {
    const parsed = ReceiveWebhooksConfig.safeParse({
      EVENT_BUS_NAME: "b",
      TABLE_NAME: "t",
      SHOP_SECRETS: '{"s3cr3t"',
    });
    expect(parsed.success).toBe(false);
    expect(JSON.stringify(parsed.error?.issues)).not.toContain("s3cr3t");
  });

  it("uses the local defaults of the contract on the local host", async () => {
    const secretFor = localSecretFor({ SHOPWARE_SHOP_SECRET: "from-env" });
    expect(await secretFor("shopify", "my-shop.myshopify.com")).toBe("local-shopify-secret");
    expect(await secretFor("woocommerce", "my-shop.example")).toBe("local-woocommerce-secret");
    expect(await secretFor("shopware", "dgrH7nLU6tlE")).toBe("from-env");
  });
});
