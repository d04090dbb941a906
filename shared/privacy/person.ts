import { customerKeyOf } from "../domain/identity";
import { factNames, type Stamped } from "../domain/profile";
import type { ProfileStore } from "../persistence/profile-store";
import type { CustomerPartitions, PartitionItem } from "./customer-partition";

/**
 * A person may be stored under more than one key in a shop: a guest checkout (keyed by the email's
 * hash) before they ordered with an account (keyed by the shop's id), see the README's known
 * limitation. An access or erasure request is about the person, so export and erase take every
 * partition of the shop that holds the same address, found through the profile's email.
 */
export interface PersonPartition {
  customerKey: string;
  items: PartitionItem[];
}

export interface Person {
  shop: string;
  /** The partition the request named first, then the others with the same address. */
  partitions: PersonPartition[];
  /** The address on the named profile, when it has one (it is needed for the suppression list). */
  email?: string;
}

export interface PersonDeps {
  partitions: Pick<CustomerPartitions, "items">;
  profiles: Pick<ProfileStore, "findKeysByEmail">;
}

export function emailOfItems(items: readonly PartitionItem[]): string | undefined {
  const profile = items.find((i) => i.sk === "PROFILE");
  const email = (profile?.[factNames.identity("email")] as Stamped<string> | undefined)?.v;
  return typeof email === "string" && email !== "" ? email : undefined;
}

export async function findPerson(shop: string, customerKey: string, deps: PersonDeps): Promise<Person> {
  const main = { customerKey, items: await deps.partitions.items(shop, customerKey) };
  const email = emailOfItems(main.items);
  if (email === undefined) return { shop, partitions: [main] };
  // The guest key is read directly as well: the byEmail index is only eventually consistent.
  const linked = new Set([customerKeyOf({ email }), ...(await deps.profiles.findKeysByEmail(shop, email))]);
  linked.delete(customerKey);
  const partitions = [main];
  for (const key of [...linked].sort()) {
    const items = await deps.partitions.items(shop, key);
    // The index may still point at a profile whose address has since changed.
    if (items.length > 0 && emailOfItems(items) === email) partitions.push({ customerKey: key, items });
  }
  return { shop, partitions, email };
}
