import { emailHash } from "../domain/identity";
import {
  type Fact,
  type FactValue,
  factNames,
  type OrderFact,
  type ProfileState,
  type Stamped,
} from "../domain/profile";
import { keys } from "./table-design";

/**
 * How a profile is laid out as one DynamoDB item: every fact is an attribute under its own name,
 * next to a few attributes that are not facts (keys, index keys, the version). Shared by the
 * profile writer (profile-store.ts) and the model jobs (insight-store.ts).
 */

/** Item attributes that are not facts. */
const RESERVED = new Set([
  "pk",
  "sk",
  "type",
  "shop",
  "customerKey",
  "customerId",
  "version",
  "gsi1pk",
  "gsi1sk",
  "checkPk",
  "checkSk",
  "checkOrderAt",
  "inlineBytes",
  "chunked",
]);

/** byNextCheck: one partition per shop and day, so the sweep reads a day with one paginated Query. */
export const checkBucket = (shop: string, day: string) => `CHECK#${shop}#${day}`;

export function checkAttributes(shop: string, customerKey: string, day: string) {
  return { checkPk: checkBucket(shop, day), checkSk: customerKey };
}

export interface StoredProfile {
  state: ProfileState;
  version: number;
  /** Whether older facts live in chunk items (./profile-chunks.ts) besides the profile item. */
  chunked?: boolean;
  /** What the chunks hold, once read: the slow path writes only facts no chunk holds yet. */
  archived?: Record<string, FactValue>;
}

export function fromItem(item: Record<string, unknown>): StoredProfile {
  const facts: Record<string, FactValue> = {};
  for (const [k, v] of Object.entries(item)) if (!RESERVED.has(k)) facts[k] = v as FactValue;
  const checkPk = item.checkPk as string | undefined;
  return {
    version: Number(item.version ?? 0),
    ...(item.chunked === true ? { chunked: true } : {}),
    state: {
      shop: item.shop as string,
      customerKey: item.customerKey as string,
      ...(item.customerId !== undefined ? { customerId: item.customerId as string } : {}),
      facts,
      // The day is the bucket's last part (shop ids cannot contain '#').
      ...(checkPk ? { nextCheck: checkPk.slice(checkPk.lastIndexOf("#") + 1) } : {}),
    },
  };
}

/** The parts of one UpdateItem, filled in by the helpers below. */
export interface UpdateParts {
  names: Record<string, string>;
  values: Record<string, unknown>;
  sets: string[];
  conditions: string[];
}

/**
 * SET clauses for the facts, and the condition that each one wins under its merge rule (the same
 * test as `wins` in the domain). Setting the email also keys the byEmail index.
 */
export function addFactClauses(
  parts: UpdateParts,
  profile: { shop: string; customerKey: string },
  facts: readonly Fact[],
) {
  const { names, values, sets, conditions } = parts;
  facts.forEach((fact, i) => {
    names[`#f${i}`] = fact.name;
    values[`:f${i}`] = fact.value;
    // A set member is added if missing and never conditions the write: it cannot lose.
    if (fact.rule === "set-member") sets.push(`#f${i} = if_not_exists(#f${i}, :f${i})`);
    else sets.push(`#f${i} = :f${i}`);
    if (fact.rule === "set-member") return;
    if (fact.rule === "write-once") conditions.push(`attribute_not_exists(#f${i})`);
    else if (fact.rule === "minimum") conditions.push(`(attribute_not_exists(#f${i}) OR #f${i} > :f${i})`);
    else if (fact.rule === "maximum") conditions.push(`(attribute_not_exists(#f${i}) OR #f${i} < :f${i})`);
    else {
      names["#s"] = "s";
      values[`:s${i}`] = (fact.value as { s: string }).s;
      conditions.push(`(attribute_not_exists(#f${i}) OR #f${i}.#s < :s${i})`);
    }
    if (fact.name === factNames.identity("email")) {
      sets.push("gsi1pk = :email", "gsi1sk = :ck");
      values[":ck"] = profile.customerKey;
      values[":email"] = keys.emailIndex(profile.shop, emailHash((fact.value as Stamped<string>).v));
    }
  });
}

/** The whole item for a version-checked PutItem (the writer's slow path). */
export function toItem(state: ProfileState, version: number): Record<string, unknown> {
  const email = (state.facts[factNames.identity("email")] as Stamped<string> | undefined)?.v;
  return {
    ...state.facts,
    ...keys.profile(state.shop, state.customerKey),
    type: "profile",
    shop: state.shop,
    customerKey: state.customerKey,
    ...(state.customerId !== undefined ? { customerId: state.customerId } : {}),
    version,
    ...(email ? { gsi1pk: keys.emailIndex(state.shop, emailHash(email)), gsi1sk: state.customerKey } : {}),
    ...(state.nextCheck ? checkAttributes(state.shop, state.customerKey, state.nextCheck) : {}),
    // The newest order's time: the fast path files a check only for an order at least as new.
    ...(newestOrderAt(state) ? { checkOrderAt: newestOrderAt(state) } : {}),
  };
}

function newestOrderAt(state: ProfileState): string | undefined {
  return Object.entries(state.facts)
    .filter(([name]) => name.startsWith("o:"))
    .map(([, o]) => (o as OrderFact).at)
    .sort()
    .at(-1);
}
