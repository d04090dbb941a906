import type { TransactionCanceledException } from "@aws-sdk/client-dynamodb";
import type { TransactWriteCommandInput } from "@aws-sdk/lib-dynamodb";
import { keys } from "./table-design";

/** What a claim transaction also does: the contact budget on the profile, the suppression check. */
export interface ClaimExtras {
  budget?: { sends: string[]; expectedVersion: number };
  /** The address's suppression items (deployment-wide and the shop's): each must be absent. */
  suppressionKeys?: readonly { pk: string; sk: string }[];
}

export type ClaimResult = "claimed" | "taken" | "budget-changed" | "suppressed";

export const BUDGET_ATTRIBUTES = { sends: "b:sends", version: "b:version" };

type TransactItems = NonNullable<TransactWriteCommandInput["TransactItems"]>;

/**
 * The claim's items. The instance moves to `sending` only from the state its claimer read
 * (`scheduled` with the due time it saw, so a copy read before another run deferred it cannot be
 * claimed), or from `sending` whose lease ran out (a crashed claimer); it records the claimer's
 * owner token, which alone may then send, defer or release it. The budget item carries the
 * profile's version so that two claims for one customer cannot both spend the same budget.
 */
export function claimItems(
  tableName: string,
  instanceKey: { pk: string; sk: string },
  i: { shop: string; customerKey: string; dueAt: string },
  claim: { now: string; leaseUntil: string; owner: string },
  extras: ClaimExtras,
): TransactItems {
  const items: TransactItems = [
    {
      Update: {
        TableName: tableName,
        Key: instanceKey,
        UpdateExpression:
          "SET #st = :sending, leaseUntil = :lease, leaseOwner = :owner, attempts = attempts + :one, ledger = list_append(ledger, :e)",
        ConditionExpression: "(#st = :scheduled AND dueAt = :due) OR (#st = :sending AND leaseUntil < :now)",
        ExpressionAttributeNames: { "#st": "status" },
        ExpressionAttributeValues: {
          ":sending": "sending",
          ":scheduled": "scheduled",
          ":due": i.dueAt,
          ":lease": claim.leaseUntil,
          ":owner": claim.owner,
          ":now": claim.now,
          ":one": 1,
          ":e": [{ at: claim.now, decision: "claimed" }],
        },
      },
    },
  ];
  if (extras.budget) {
    const first = extras.budget.expectedVersion === 0;
    items.push({
      Update: {
        TableName: tableName,
        Key: keys.profile(i.shop, i.customerKey),
        // The profile's version moves too, so a concurrent whole-profile write cannot drop the budget.
        UpdateExpression: "SET #b = :sends, #bv = :next ADD version :one",
        ConditionExpression: first ? "attribute_not_exists(#bv)" : "#bv = :v",
        ExpressionAttributeNames: { "#b": BUDGET_ATTRIBUTES.sends, "#bv": BUDGET_ATTRIBUTES.version },
        ExpressionAttributeValues: {
          ":sends": extras.budget.sends,
          ":next": extras.budget.expectedVersion + 1,
          ":one": 1,
          ...(first ? {} : { ":v": extras.budget.expectedVersion }),
        },
      },
    });
  }
  for (const key of extras.suppressionKeys ?? []) {
    items.push({
      ConditionCheck: { TableName: tableName, Key: key, ConditionExpression: "attribute_not_exists(pk)" },
    });
  }
  return items;
}

/** Why a claim transaction was cancelled, by the position of the failed condition. */
export function claimFailure(error: TransactionCanceledException, extras: ClaimExtras): ClaimResult {
  const reasons = error.CancellationReasons ?? [];
  const failed = (n: number) => reasons[n]?.Code === "ConditionalCheckFailed";
  if (failed(0)) return "taken";
  if (extras.budget && failed(1)) return "budget-changed";
  const checksFrom = extras.budget ? 2 : 1;
  for (let n = checksFrom; n < reasons.length; n++) if (failed(n)) return "suppressed";
  throw error;
}
