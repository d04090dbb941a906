import { customerKeyOf } from "../../shared/domain/identity";
import { foldEvent } from "../../shared/domain/profile";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { ProfileStore } from "../../shared/persistence/profile-store";

export type ApplyOutcome = "created" | "updated" | "unchanged";

/** How often a write may lose an optimistic-concurrency race before the event goes back for a retry. */
const MAX_ATTEMPTS = 8;

/**
 * Folds one canonical event into its customer's profile: one read and (unless the event changes
 * nothing, as a duplicate does) one conditional write. The condition on the version makes
 * concurrent deliveries for the same customer safe: the loser re-reads and folds again.
 */
export async function applyShopEvent(
  event: CanonicalEvent,
  deps: { profiles: ProfileStore },
): Promise<ApplyOutcome> {
  const customerKey = customerKeyOf(event.customer);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // After a lost race, read strongly consistent so the next attempt sees the winner's write.
    const stored = await deps.profiles.load(event.shop, customerKey, { consistent: attempt > 0 });
    const { state, changed } = foldEvent(stored?.state, event);
    if (!changed) return "unchanged";
    const result = await deps.profiles.save(state, stored?.version);
    if (result === "saved") return stored ? "updated" : "created";
  }
  throw new Error(`profile ${customerKey} stayed contended after ${MAX_ATTEMPTS} attempts`);
}
