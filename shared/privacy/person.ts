import { emailHash, GUEST_PREFIX } from "../domain/identity";
import { factNames, type Stamped } from "../domain/profile";
import type { ProfileStore } from "../persistence/profile-store";
import type { CustomerPartitions, PartitionItem } from "./customer-partition";

/**
 * A person may be stored under more than one key in a shop: a guest checkout (keyed by the email's
 * hash) before they ordered with an account (keyed by the shop's id), see the README's known
 * limitation. An access or erasure request is about the person, so export and erase take every
 * partition of the shop that holds the same address or one the person had before (the profile's
 * `a:` facts), found through the guest key and the byEmail index.
 */
export interface PersonPartition {
  customerKey: string;
  items: PartitionItem[];
}

export interface Person {
  shop: string;
  /** The partition the request named first, then the others of the same person. */
  partitions: PersonPartition[];
  /** The address on the named profile, when it has one. */
  email?: string;
  /** Every address found on the person's profiles (each goes on the suppression list at erasure). */
  emails: string[];
}

export interface PersonDeps {
  partitions: Pick<CustomerPartitions, "items">;
  profiles: Pick<ProfileStore, "findKeysByEmailHash">;
}

export function emailOfItems(items: readonly PartitionItem[]): string | undefined {
  const profile = items.find((i) => i.sk === "PROFILE");
  const email = (profile?.[factNames.identity("email")] as Stamped<string> | undefined)?.v;
  return typeof email === "string" && email !== "" ? email : undefined;
}

/** The hashes of every address a partition's profile has had: its `a:` facts and its current address. */
function addressHashes(items: readonly PartitionItem[]): string[] {
  const profile = items.find((i) => i.sk === "PROFILE") ?? {};
  const prefix = factNames.address("");
  const hashes = Object.keys(profile)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
  const email = emailOfItems(items);
  return email === undefined ? hashes : [...hashes, emailHash(email)];
}

/** Enough for any real history; a bound, so a profile fed thousands of addresses cannot stall an erase. */
const MAX_ADDRESSES = 200;

/**
 * The person behind a key: that partition, and every partition of the shop whose current address
 * is one the person has had (an account's earlier guest checkout, the guest profile of an address
 * since changed), followed through those profiles' own earlier addresses too.
 */
export async function findPerson(shop: string, customerKey: string, deps: PersonDeps): Promise<Person> {
  const main = { customerKey, items: await deps.partitions.items(shop, customerKey) };
  const email = emailOfItems(main.items);
  const partitions = [main];
  const seenKeys = new Set([customerKey]);
  const hashes = new Set<string>();
  const queue = [...addressHashes(main.items)];
  for (let hash = queue.shift(); hash !== undefined && hashes.size < MAX_ADDRESSES; hash = queue.shift()) {
    if (hashes.has(hash)) continue;
    hashes.add(hash);
    // The guest key is read directly as well: the byEmail index is only eventually consistent.
    const keys = new Set([
      `${GUEST_PREFIX}${hash}`,
      ...(await deps.profiles.findKeysByEmailHash(shop, hash)),
    ]);
    for (const key of [...keys].sort()) {
      if (seenKeys.has(key)) continue;
      const items = await deps.partitions.items(shop, key);
      const current = emailOfItems(items);
      // The index may still point at a profile whose address has since changed.
      if (current === undefined || emailHash(current) !== hash) continue;
      seenKeys.add(key);
      partitions.push({ customerKey: key, items });
      queue.push(...addressHashes(items));
    }
  }
  const emails = [...new Set(partitions.map((p) => emailOfItems(p.items)).filter((e) => e !== undefined))];
  return { shop, partitions, ...(email !== undefined ? { email } : {}), emails };
}
