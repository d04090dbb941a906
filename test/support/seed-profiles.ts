import { BatchWriteCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { foldEvent, type ProfileState } from "../../shared/domain/profile";
import { toItem } from "../../shared/persistence/profile-item";
import { orderPlaced } from "./builders";
import { sampleGamma, seededRandom, simulateBgnbd } from "./simulate-bgnbd";

/**
 * Profiles written straight into the table (BatchWriteItem, 25 a request), for tests and benches
 * that need thousands of customers with order histories: folded by the domain exactly as the
 * profile writer folds events, so the items are what the pipeline would have written.
 */

export interface SeedCustomer {
  shop?: string;
  id: string;
  /** Order times (ISO) and amounts. */
  orders: Array<{ at: string; amount: string }>;
}

export function profileOf(c: SeedCustomer): ProfileState {
  let state: ProfileState | undefined;
  c.orders.forEach((o, i) => {
    const event = orderPlaced({
      shop: c.shop ?? "default",
      customer: { id: c.id },
      orderId: `${c.id}-o${i}`,
      amount: o.amount,
      at: o.at,
      categories: [],
    });
    state = foldEvent(state, event).state;
  });
  if (!state) throw new Error(`seed customer ${c.id} has no orders`);
  return state;
}

export async function seedProfiles(
  db: DynamoDBDocumentClient,
  tableName: string,
  profiles: readonly ProfileState[],
  concurrency = 4,
): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < profiles.length; i += 25)
    batches.push(profiles.slice(i, i + 25).map((p) => toItem(p, 1)));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < batches.length) {
        let pending = (batches[next++] ?? []).map((Item) => ({ PutRequest: { Item } }));
        while (pending.length) {
          const out = await db.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
          pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }
    }),
  );
}

const DAY = 86_400_000;

/**
 * A shop of BG/NBD customers (r 0.25, alpha 30 days, a 0.8, b 2.5) observed up to `asOf`: purchase
 * days spread between each customer's first and last purchase, order values from Gamma-Gamma
 * (p 6, q 4, v 20: about 40 on average, each customer with their own mean).
 */
export function simulatedCustomers(count: number, asOf: Date, seed = 7, shop = "default"): SeedCustomer[] {
  const rand = seededRandom(seed + 1);
  const end = Math.floor(asOf.getTime() / DAY);
  return simulateBgnbd(
    { r: 0.25, alpha: 30, a: 0.8, b: 2.5 },
    { customers: count, seed, observedFor: (r) => 30 + 335 * r(), wholeDays: true },
  ).map((s, i) => {
    const first = end - s.T;
    const nu = sampleGamma(rand, 4, 20);
    const days = new Set([first, first + s.tx]);
    while (days.size < s.x + 1) days.add(first + 1 + Math.floor(rand() * Math.max(1, s.tx - 1)));
    return {
      shop,
      id: `sim-${i}`,
      orders: [...days].map((d) => ({
        at: new Date(d * DAY + 10 * 3_600_000).toISOString(),
        amount: Math.max(0.01, sampleGamma(rand, 6, nu)).toFixed(2),
      })),
    };
  });
}
