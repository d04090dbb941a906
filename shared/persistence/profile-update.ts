import type { UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { type Fact, nextCheckOf, type ProfileState } from "../domain/profile";
import { factBytes, INLINE_CAP_BYTES, isArchivable } from "./profile-chunks";
import { addFactClauses, checkAttributes, type UpdateParts } from "./profile-item";
import { keys } from "./table-design";

/**
 * The fast path's one UpdateItem: every fact under the condition that it wins by its rule, the
 * bytes of growing facts added to `inlineBytes` under the cap (./profile-chunks.ts), and with
 * `schedule`, the churn sweep's next check filed for an order at least as new as the last one.
 */
export function factUpdate(
  profile: Omit<ProfileState, "facts">,
  facts: readonly Fact[],
  options: { mustExist?: boolean | undefined; schedule: boolean },
): Omit<UpdateCommandInput, "TableName"> {
  const names: Record<string, string> = { "#type": "type", "#v": "version" };
  const values: Record<string, unknown> = {
    ":one": 1,
    ":type": "profile",
    ":shop": profile.shop,
    ":ck": profile.customerKey,
  };
  const parts: UpdateParts = {
    names,
    values,
    sets: ["#type = :type", "shop = :shop", "customerKey = :ck"],
    conditions: [],
  };
  const { sets, conditions } = parts;
  if (profile.customerId !== undefined) {
    sets.push("customerId = :cid");
    values[":cid"] = profile.customerId;
  }
  addFactClauses(parts, profile, facts);
  const growth = facts
    .filter((f) => isArchivable(f.name))
    .reduce((n, f) => n + factBytes(f.name, f.value), 0);
  let add = "ADD #v :one";
  if (growth > 0) {
    add += ", inlineBytes :growth";
    values[":growth"] = growth;
    values[":cap"] = INLINE_CAP_BYTES;
    conditions.push("(attribute_not_exists(inlineBytes) OR inlineBytes < :cap)");
  }
  // An order (re)schedules the churn sweep's next look, in the same write (see nextCheckOf).
  const check = options.schedule ? nextCheckOf(facts) : undefined;
  if (check !== undefined) {
    const { checkPk, checkSk } = checkAttributes(profile.shop, profile.customerKey, check.day);
    sets.push("checkPk = :cpk", "checkSk = :csk", "checkOrderAt = :coa");
    conditions.push("(attribute_not_exists(checkOrderAt) OR checkOrderAt <= :coa)");
    values[":cpk"] = checkPk;
    values[":csk"] = checkSk;
    values[":coa"] = check.orderAt;
  }
  if (options.mustExist) conditions.unshift("attribute_exists(pk)");
  // No fact at all: only make sure the profile exists.
  else if (conditions.length === 0) conditions.push("attribute_not_exists(pk)");
  return {
    Key: keys.profile(profile.shop, profile.customerKey),
    UpdateExpression: `SET ${sets.join(", ")} ${add}`,
    ConditionExpression: conditions.join(" AND "),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    ReturnConsumedCapacity: "TOTAL",
  };
}
