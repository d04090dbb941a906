import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { CountsReader, SendCounts } from "../campaigns/guardrails";

/**
 * Per-day delivery counters, for the circuit breaker: one item per shop and UTC day, plus one per
 * day for the whole deployment, each updated with an atomic ADD (no read). Items hold counts only,
 * no personal data, and expire after STATS_TTL_DAYS.
 *
 * Items: STATS#<shop> / DAY#<yyyy-mm-dd> and STATS#* / DAY#<yyyy-mm-dd> (`*` is no valid shop id,
 * so the global counters cannot collide with a shop's).
 */
export type Counter = keyof SendCounts;

export interface SendStats extends CountsReader {
  /** Adds to the counters of `shop` and of the deployment for the UTC day of `at`. */
  add(shop: string, at: string, counts: Partial<SendCounts>): Promise<void>;
}

const GLOBAL = "*";
/** Longer than any rolling window worth judging; DynamoDB's TTL removes older days. */
const STATS_TTL_DAYS = 35;
const COUNTERS: readonly Counter[] = ["sends", "bounces", "complaints"];

export const statsKey = (shop: string | undefined, day: string) => ({
  pk: `STATS#${shop ?? GLOBAL}`,
  sk: `DAY#${day}`,
});

const dayOf = (at: string) => {
  const t = Date.parse(at);
  return new Date(Number.isNaN(t) ? Date.now() : t).toISOString().slice(0, 10);
};

const sum = (items: ReadonlyArray<Record<string, unknown>>): SendCounts => {
  const out: SendCounts = { sends: 0, bounces: 0, complaints: 0 };
  for (const item of items) for (const c of COUNTERS) out[c] += Number(item[c] ?? 0) || 0;
  return out;
};

export class DynamoSendStats implements SendStats {
  constructor(
    private readonly client: Pick<DynamoDBDocumentClient, "send">,
    private readonly tableName: string,
  ) {}

  async add(shop: string, at: string, counts: Partial<SendCounts>): Promise<void> {
    const present = COUNTERS.filter((c) => (counts[c] ?? 0) > 0);
    if (present.length === 0) return;
    const day = dayOf(at);
    const expiresAt = Math.floor(Date.parse(`${day}T00:00:00Z`) / 1000) + STATS_TTL_DAYS * 86_400;
    const values: Record<string, number> = { ":ttl": expiresAt };
    for (const c of present) values[`:${c}`] = counts[c] ?? 0;
    await Promise.all(
      [shop, undefined].map((scope) =>
        this.client.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: statsKey(scope, day),
            UpdateExpression: `ADD ${present.map((c) => `${c} :${c}`).join(", ")} SET expiresAt = :ttl, #t = :type`,
            ExpressionAttributeNames: { "#t": "type" },
            ExpressionAttributeValues: { ...values, ":type": "send-stats" },
          }),
        ),
      ),
    );
  }

  async totals(shop: string | undefined, days: readonly string[]): Promise<SendCounts> {
    if (days.length === 0) return sum([]);
    const items: Record<string, unknown>[] = [];
    // At most 100 keys per BatchGetItem; a window is a handful of days.
    let keys: Record<string, unknown>[] | undefined = days.slice(0, 100).map((d) => statsKey(shop, d));
    for (let attempt = 0; keys && keys.length > 0 && attempt < 5; attempt++) {
      const out: BatchGetCommandOutput = await this.client.send(
        new BatchGetCommand({
          RequestItems: { [this.tableName]: { Keys: keys, ConsistentRead: true } },
        }),
      );
      items.push(...(out.Responses?.[this.tableName] ?? []));
      keys = out.UnprocessedKeys?.[this.tableName]?.Keys;
    }
    if (keys && keys.length > 0) throw new Error("send-stats: BatchGetItem left keys unprocessed");
    return sum(items);
  }
}

/** For unit tests; the same semantics as the DynamoDB adapter. */
export class InMemorySendStats implements SendStats {
  readonly days = new Map<string, SendCounts>();

  async add(shop: string, at: string, counts: Partial<SendCounts>): Promise<void> {
    for (const scope of [shop, undefined]) {
      const k = JSON.stringify(statsKey(scope, dayOf(at)));
      const current = this.days.get(k) ?? { sends: 0, bounces: 0, complaints: 0 };
      for (const c of COUNTERS) current[c] += counts[c] ?? 0;
      this.days.set(k, current);
    }
  }

  async totals(shop: string | undefined, days: readonly string[]): Promise<SendCounts> {
    return sum(
      days.flatMap((d) => {
        const v = this.days.get(JSON.stringify(statsKey(shop, d)));
        return v ? [{ ...v }] : [];
      }),
    );
  }
}
