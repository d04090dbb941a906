import { customerKeyFromPublicId, publicCustomerId } from "../domain/identity";
import type { ErasureGuard } from "../persistence/erasure-guard";
import type { SuppressionList } from "../persistence/suppression-store";
import { type CustomerPartitions, kindOf, type PartitionItem } from "./customer-partition";
import { findPerson, type PersonDeps } from "./person";

/**
 * GDPR Art. 17: erases everything stored about a person, for the admin API
 * (`DELETE /admin/customers/<id>`) and the shops' erase webhooks alike.
 *
 * Order matters, so that neither a concurrent send nor a crash half-way leaves a gap:
 * 1. the address goes on this shop's suppression list (a salted hash, reason "erased") first: a
 *    dispatch that read the instance before the erase still fails its claim transaction, which
 *    checks the suppression items, and a later re-import of the address into this shop is never
 *    mailed again (other shops of the deployment keep mailing their own customer of that address);
 * 2. journey instances, ledgers and other items are deleted: a deleted instance fails the claim's
 *    status condition, so deleting a pending message cancels it;
 * 3. the profiles go last, so an erase retried after a crash still finds the address.
 * The partitions are read again afterwards and whatever an event wrote meanwhile is deleted too.
 */
export interface EraseDeps extends PersonDeps {
  partitions: CustomerPartitions;
  suppressions: Pick<SuppressionList, "suppress">;
  now: () => Date;
  /** Written before anything is deleted: late writers (the campaign tracker) respect it. */
  guard?: Pick<ErasureGuard, "mark">;
}

export interface EraseReceipt {
  erased: boolean;
  shop: string;
  customerId: string;
  erasedAt: string;
  /** Items deleted, by kind; `total` includes the same person's linked profiles. */
  deleted: { total: number; profiles: number; consentEntries: number; journeys: number; other: number };
  /** Journey messages that were still waiting (or being claimed) and will now never be sent. */
  cancelledMessages: number;
  /** Whether an address was known and its salted hash put on this shop's suppression list. */
  suppressed: boolean;
  /** Other profiles of the same address in this shop that were erased with it. */
  linkedProfiles: number;
}

/** How often to read the partitions again for items written while the erase ran. */
const SWEEPS = 3;

export async function eraseCustomer(
  request: { shop: string; customerKey: string },
  deps: EraseDeps,
): Promise<EraseReceipt> {
  const at = deps.now().toISOString();
  const person = await findPerson(request.shop, request.customerKey, deps);
  // The guard goes down before anything is deleted, for every partition found: a late writer that
  // checks it after this sees it, and one that wrote before it is found by the sweeps below. A
  // customer with nothing on file gets no guard (the answer is 404, and a 404 writes nothing).
  if (person.partitions.some((p) => p.items.length > 0))
    for (const p of person.partitions) await deps.guard?.mark(request.shop, p.customerKey, at);
  // For this shop only: the same address at another shop is another customer, with her own consent.
  // Every address the person's profiles hold, earlier ones included.
  for (const email of person.emails)
    await deps.suppressions.suppress(email, { reason: "erased", at, shop: request.shop });

  const counts = { total: 0, profiles: 0, consentEntries: 0, journeys: 0, other: 0 };
  let cancelled = 0;
  const remove = async (items: PartitionItem[]) => {
    const [profiles, rest] = [
      items.filter((i) => i.sk === "PROFILE"),
      items.filter((i) => i.sk !== "PROFILE"),
    ];
    await deps.partitions.remove(rest);
    await deps.partitions.remove(profiles);
    for (const item of items) {
      const kind = kindOf(item);
      counts.total++;
      if (kind === "profile") counts.profiles++;
      else if (kind === "consent") counts.consentEntries++;
      else if (kind === "journey") counts.journeys++;
      else counts.other++;
      if (kind === "journey" && (item.status === "scheduled" || item.status === "sending")) cancelled++;
    }
  };

  // The named partition's profile last: it is what finds the address again on a retry.
  const [main, ...linked] = person.partitions;
  for (const p of linked) await remove(p.items);
  if (main) await remove(main.items);
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    let found = 0;
    for (const p of person.partitions) {
      const late = await deps.partitions.items(request.shop, p.customerKey);
      found += late.length;
      if (late.length) await remove(late);
    }
    if (found === 0) break;
  }

  return {
    erased: counts.total > 0,
    shop: request.shop,
    customerId: publicCustomerId(request.customerKey),
    erasedAt: at,
    deleted: counts,
    cancelledMessages: cancelled,
    suppressed: person.emails.length > 0,
    linkedProfiles: linked.length,
  };
}

/**
 * The erase for a shop platform's request (Shopify customers/redact and customers/delete, Shopware's
 * customer deletion), which names the customer by the shop's own id, or a guest as `guest:<hash>`
 * (Shopify's redact of a customer it knows by email only).
 */
export function eraseShopCustomer(deps: EraseDeps) {
  return (request: { shop: string; customerId: string }): Promise<EraseReceipt> =>
    eraseCustomer({ shop: request.shop, customerKey: customerKeyFromPublicId(request.customerId) }, deps);
}
