import { type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { FactValue, OrderFact, ProfileState } from "../domain/profile";
import type { CapacityMeter } from "./capacity";
import type { StoredProfile } from "./profile-item";

/**
 * Why a profile stays bounded: a customer's order and refund facts grow with her history (a
 * 5,000-order customer, an order of 200 lines), and one DynamoDB item holds at most 400 KB while
 * every write to it costs a WCU per KB of the whole item. So the profile item keeps the newest of
 * them inline (about INLINE_KEEP_BYTES) and the slow path moves older ones into append-only chunk
 * items of the same partition (`PROFILE#c#<version>#<id>`, each under CHUNK_MAX_BYTES), written
 * before the profile that stops holding them. Reading merges chunks and item by each fact's own
 * merge rule (last writer by stamp for an order, write-once for a refund), so a fact present in
 * both (a duplicate or an older update written inline after its order moved) counts once and
 * any delivery order still gives the same profile. The fast path keeps its one conditional write:
 * it adds the bytes of the growing facts to `inlineBytes` and requires it under INLINE_CAP_BYTES,
 * so at the cap one write fails over to the slow path, which compacts.
 */
export const CHUNK_PREFIX = "PROFILE#c#";
export const INLINE_CAP_BYTES = 16 * 1024;
export const INLINE_KEEP_BYTES = 6 * 1024;
export const CHUNK_MAX_BYTES = 256 * 1024;

/** Facts that grow with the history (orders, refunds); everything else is bounded by its names. */
export const isArchivable = (name: string) => name.startsWith("o:") || name.startsWith("r:");

export function factBytes(name: string, value: FactValue): number {
  return Buffer.byteLength(name) + Buffer.byteLength(JSON.stringify(value));
}

/** Merges `incoming` into `facts` by each fact's rule: an order by stamp, anything else write-once. */
export function mergeFacts(facts: Record<string, FactValue>, incoming: Record<string, FactValue>): void {
  for (const [name, value] of Object.entries(incoming)) {
    const held = facts[name];
    if (held === undefined) facts[name] = value;
    else if (name.startsWith("o:") && (held as OrderFact).s < (value as OrderFact).s) facts[name] = value;
  }
}

export interface Compaction {
  /** The facts the profile item keeps. */
  inline: Record<string, FactValue>;
  inlineBytes: number;
  /** New chunks to write first: facts leaving the item whose value no chunk holds yet. */
  chunks: Record<string, FactValue>[];
}

/** Orders newest first by time; a refund goes with its order (one before its order stays inline). */
export function planCompaction(
  state: ProfileState,
  archived: Readonly<Record<string, FactValue>>,
): Compaction {
  const inline: Record<string, FactValue> = {};
  const timeOf = (name: string, value: FactValue): string => {
    if (name.startsWith("o:")) return (value as OrderFact).at;
    const order = state.facts[`o:${(value as { o?: string }).o ?? ""}`] as OrderFact | undefined;
    return order?.at ?? "9999";
  };
  const growing: [string, FactValue, string][] = [];
  let inlineBytes = 0;
  for (const [name, value] of Object.entries(state.facts)) {
    if (isArchivable(name)) growing.push([name, value, timeOf(name, value)]);
    else inline[name] = value;
  }
  const total = growing.reduce((n, [name, value]) => n + factBytes(name, value), 0);
  if (total <= INLINE_CAP_BYTES) {
    for (const [name, value] of growing) inline[name] = value;
    return { inline, inlineBytes: total, chunks: [] };
  }
  // Newest first; ties by name so the same state always compacts the same way.
  growing.sort(([an, , at], [bn, , bt]) => (at === bt ? (an < bn ? -1 : 1) : at < bt ? 1 : -1));
  const chunks: Record<string, FactValue>[] = [];
  let chunk: Record<string, FactValue> = {};
  let chunkBytes = 0;
  for (const [name, value] of growing) {
    const bytes = factBytes(name, value);
    if (inlineBytes + bytes <= INLINE_KEEP_BYTES) {
      inline[name] = value;
      inlineBytes += bytes;
      continue;
    }
    if (archived[name] !== undefined && JSON.stringify(archived[name]) === JSON.stringify(value)) continue;
    if (chunkBytes + bytes > CHUNK_MAX_BYTES && chunkBytes > 0) {
      chunks.push(chunk);
      chunk = {};
      chunkBytes = 0;
    }
    chunk[name] = value;
    chunkBytes += bytes;
  }
  if (chunkBytes > 0) chunks.push(chunk);
  return { inline, inlineBytes, chunks };
}

/** The chunks of a profile, merged into it: `archived` is what the chunks hold, for the next compaction. */
export async function withChunks(
  db: Pick<DynamoDBDocumentClient, "send">,
  tableName: string,
  stored: StoredProfile,
  pk: string,
  options: { consistent?: boolean; meter?: CapacityMeter | undefined } = {},
): Promise<StoredProfile> {
  const archived: Record<string, FactValue> = {};
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: "pk = :pk AND begins_with(sk, :c)",
        ExpressionAttributeValues: { ":pk": pk, ":c": CHUNK_PREFIX },
        ConsistentRead: options.consistent ?? false,
        ExclusiveStartKey: start,
        ReturnConsumedCapacity: "TOTAL",
      }),
    );
    options.meter?.record("read", out.ConsumedCapacity);
    for (const item of out.Items ?? []) mergeFacts(archived, item.f as Record<string, FactValue>);
    start = out.LastEvaluatedKey;
  } while (start);
  const facts = { ...stored.state.facts };
  mergeFacts(facts, archived);
  return { ...stored, archived, state: { ...stored.state, facts } };
}
