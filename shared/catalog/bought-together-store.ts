import { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { keys } from "../persistence/table-design";
import { type BoughtTogether, boughtWithAttribute, MAX_PRODUCTS_PER_ORDER } from "./product";

/**
 * The bought-together counts on the catalog items: one transaction per order adds 1 to each of its
 * products for each other category in the order, with a marker item whose condition makes a
 * redelivered order add nothing. The counts are plain attributes (`bw#<category>`) on the
 * product's item, so the byCategory index hands them to the ranking without another read.
 */
export async function addBoughtTogetherIn(
  db: DynamoDBDocumentClient,
  tableName: string,
  shop: string,
  orderId: string,
  lines: readonly BoughtTogether[],
): Promise<"added" | "duplicate"> {
  const counted = lines.filter((l) => l.categories.length > 0).slice(0, MAX_PRODUCTS_PER_ORDER);
  if (counted.length === 0) return "added";
  try {
    await db.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...keys.orderPairs(shop, orderId), type: "order-pairs" },
              ConditionExpression: "attribute_not_exists(pk)",
            },
          },
          ...counted.map((line) => {
            const categories = [...new Set(line.categories)];
            return {
              Update: {
                TableName: tableName,
                Key: keys.product(shop, line.productId),
                // The ids too: an order may name a product before its own event arrives.
                UpdateExpression: `SET productId = if_not_exists(productId, :pid), shop = if_not_exists(shop, :shop) ADD ${categories.map((_, i) => `#c${i} :one`).join(", ")}`,
                ExpressionAttributeNames: Object.fromEntries(
                  categories.map((c, i) => [`#c${i}`, boughtWithAttribute(c)]),
                ),
                ExpressionAttributeValues: { ":one": 1, ":pid": line.productId, ":shop": shop },
              },
            };
          }),
        ],
      }),
    );
    return "added";
  } catch (error) {
    // The marker's condition is the first item: a cancellation for it is a redelivery.
    if (
      error instanceof TransactionCanceledException &&
      error.CancellationReasons?.[0]?.Code === "ConditionalCheckFailed"
    )
      return "duplicate";
    throw error;
  }
}
