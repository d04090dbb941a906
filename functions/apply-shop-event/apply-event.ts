import { customerKeyOf } from "../../shared/domain/identity";
import { factsOf, foldEvent } from "../../shared/domain/profile";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { ConsentLedger } from "../../shared/persistence/consent-ledger";
import type { ProfileStore, StoredProfile } from "../../shared/persistence/profile-store";
import { consentEntryOf } from "../../shared/privacy/consent";

export type ApplyOutcome = "written" | "folded" | "unchanged";

/** How often the slow path may lose an optimistic-concurrency race before the event goes back for a retry. */
const MAX_ATTEMPTS = 8;

/**
 * Folds one canonical event into its customer's profile.
 * Fast path (events in order, the usual case): one conditional update, no read.
 * Slow path (a duplicate or an out-of-order delivery): the failed update returns the stored
 * profile; the event is folded in code and, if it still changes something, written back under an
 * optimistic version check. A duplicate therefore costs one rejected write and writes nothing.
 */
export async function applyShopEvent(
  event: CanonicalEvent,
  deps: { profiles: ProfileStore; consents?: ConsentLedger },
): Promise<ApplyOutcome> {
  // A consent event is first appended to the ledger (idempotent on its id), then folded: if the
  // profile write fails the retry finds the entry there, so the ledger holds every event the
  // profile's consent was derived from. Other events keep their one write. (`consents` is absent
  // only in the profile-writer bench.)
  const entry = consentEntryOf(event);
  if (entry && deps.consents) await deps.consents.append(entry);
  const customerKey = customerKeyOf(event.customer);
  const profile = {
    shop: event.shop,
    customerKey,
    ...(event.customer.id !== undefined ? { customerId: event.customer.id } : {}),
  };
  const fast = await deps.profiles.applyFacts(profile, factsOf(event));
  if (fast.applied) return "written";

  let stored: StoredProfile | undefined = fast.current;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const { state, changed } = foldEvent(stored?.state, event);
    if (!changed) return "unchanged";
    if ((await deps.profiles.save(state, stored?.version)) === "saved") return "folded";
    // Lost a race: read what the winner wrote, strongly consistent, and fold again.
    stored = await deps.profiles.load(event.shop, customerKey, { consistent: true });
  }
  throw new Error(`profile ${customerKey} stayed contended after ${MAX_ATTEMPTS} attempts`);
}
