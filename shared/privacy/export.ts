import { publicCustomerId } from "../domain/identity";
import type { FactValue } from "../domain/profile";
import { type ProfileView, viewProfile } from "../domain/profile-view";
import { type ConsentEntry, entryOfItem } from "../persistence/consent-ledger";
import { CHUNK_PREFIX, mergeFacts } from "../persistence/profile-chunks";
import { fromItem } from "../persistence/profile-store";
import { consentFromLedger } from "./consent";
import { kindOf, type PartitionItem } from "./customer-partition";
import { findPerson, type PersonDeps, type PersonPartition } from "./person";

/**
 * GDPR Art. 15: everything stored about a person as one JSON document. Every item of the person's
 * partitions is in it: the profile both as the API shows it and as stored (each fact with the
 * event it came from), the consent ledger, the journeys with their decision ledgers, and any item
 * of a kind this module does not know yet under `otherItems`, so nothing stored is left out.
 */
export const EXPORT_FORMAT = "stammkunde.customer-export.v1";

export interface CustomerRecord {
  customerId: string;
  profile: ProfileView | null;
  /** The stored facts (orders, refunds, identity, consent, contact budget), keys dropped. */
  storedProfile: Record<string, unknown> | null;
  consent: {
    /** Derived from the ledger; equal to `profile.consent.email.marketing`. */
    current: { email: { marketing: string } };
    ledger: ConsentEntry[];
  };
  journeys: Record<string, unknown>[];
  otherItems: Record<string, unknown>[];
}

export interface CustomerExport extends CustomerRecord {
  format: typeof EXPORT_FORMAT;
  shop: string;
  exportedAt: string;
  itemCount: number;
  /** The same person's other profiles in this shop (a guest checkout before an account). */
  linked: CustomerRecord[];
}

/** Index and key attributes say nothing about the person beyond what the record already shows. */
const KEY_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "duePk", "dueSk", "checkPk", "checkSk"]);

function withoutKeys(item: PartitionItem): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !KEY_ATTRIBUTES.has(k)));
}

/** The profile with the older facts a heavy customer's chunk items hold (otherItems lists them too). */
function profileWithChunks(profileItem: PartitionItem, items: readonly PartitionItem[]) {
  const state = fromItem(profileItem).state;
  const facts = { ...state.facts };
  for (const chunk of items.filter((i) => i.sk.startsWith(CHUNK_PREFIX)))
    mergeFacts(facts, chunk.f as Record<string, FactValue>);
  return { ...state, facts };
}

function recordOf(partition: PersonPartition): CustomerRecord {
  const byKind = (kind: ReturnType<typeof kindOf>) => partition.items.filter((i) => kindOf(i) === kind);
  const profileItem = byKind("profile")[0];
  const ledger = byKind("consent")
    .map(entryOfItem)
    .sort((a, b) => (`${a.occurredAt}|${a.eventId}` < `${b.occurredAt}|${b.eventId}` ? -1 : 1));
  return {
    customerId: publicCustomerId(partition.customerKey),
    profile: profileItem ? viewProfile(profileWithChunks(profileItem, partition.items)) : null,
    storedProfile: profileItem ? withoutKeys(profileItem) : null,
    consent: { current: { email: { marketing: consentFromLedger(ledger) } }, ledger },
    journeys: byKind("journey").map(withoutKeys),
    otherItems: byKind("other").map(withoutKeys),
  };
}

/** The export, or undefined when nothing is stored under the key. */
export async function exportCustomer(
  request: { shop: string; customerKey: string },
  deps: PersonDeps & { now: () => Date },
): Promise<CustomerExport | undefined> {
  const person = await findPerson(request.shop, request.customerKey, deps);
  const [main, ...linked] = person.partitions;
  if (!main || main.items.length === 0) return undefined;
  return {
    format: EXPORT_FORMAT,
    shop: request.shop,
    exportedAt: deps.now().toISOString(),
    itemCount: person.partitions.reduce((n, p) => n + p.items.length, 0),
    ...recordOf(main),
    linked: linked.map(recordOf),
  };
}
