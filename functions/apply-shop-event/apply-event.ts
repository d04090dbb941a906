import { isFollowUp } from "../../shared/domain/follow-up";
import { customerKeyOf } from "../../shared/domain/identity";
import { factsOf, foldEvent } from "../../shared/domain/profile";
import type { CanonicalEvent } from "../../shared/events/catalog";
import type { ConsentLedger } from "../../shared/persistence/consent-ledger";
import type { ProfileStore, StoredProfile } from "../../shared/persistence/profile-store";
import { consentEntryOf } from "../../shared/privacy/consent";

/** `ignored`: a follow-up (a late SES report, a link click) for a customer not on file; nothing written. */
export type ApplyOutcome = "written" | "folded" | "unchanged" | "ignored";

/** How often the slow path may lose an optimistic-concurrency race before the event goes back for a retry. */
const MAX_ATTEMPTS = 16;

/**
 * A jittered pause growing with each lost race (at most 250 ms each), so writers that collided on
 * one busy profile (a heavy customer's compaction is a slow write) spread out instead of colliding
 * again in lockstep.
 */
const jitteredBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(250, 5 * 2 ** attempt)));

/**
 * Folds one canonical event into its customer's profile.
 * Fast path (events in order, the usual case): one conditional update, no read.
 * Slow path (a duplicate or an out-of-order delivery): the failed update returns the stored
 * profile; the event is folded in code and, if it still changes something, written back under an
 * optimistic version check. A duplicate therefore costs one rejected write and writes nothing.
 * A follow-up (shared/domain/follow-up.ts) only ever changes a profile that exists: its write is
 * conditional on the profile, so one arriving after an erase recreates nothing.
 */
export async function applyShopEvent(
  event: CanonicalEvent,
  deps: { profiles: ProfileStore; consents?: ConsentLedger; backoff?: (attempt: number) => Promise<void> },
): Promise<ApplyOutcome> {
  // A consent event is first appended to the ledger (idempotent on its id), then folded: if the
  // profile write fails the retry finds the entry there, so the ledger holds every event the
  // profile's consent was derived from. Other events keep their one write. (`consents` is absent
  // only in the profile-writer bench.)
  const customerKey = customerKeyOf(event.customer);
  const followUp = isFollowUp(event);
  const entry = consentEntryOf(event);
  if (entry && followUp) {
    // A link click's ledger entry would name the person: only for a customer on file. (Rare
    // enough for the extra read; an erase running meanwhile re-reads the partition and takes it.)
    if (!(await deps.profiles.load(event.shop, customerKey, { consistent: true }))) return "ignored";
  }
  if (entry && deps.consents) await deps.consents.append(entry);
  const profile = {
    shop: event.shop,
    customerKey,
    ...(event.customer.id !== undefined ? { customerId: event.customer.id } : {}),
  };
  const fast = await deps.profiles.applyFacts(profile, factsOf(event), { mustExist: followUp });
  if (fast.applied) return "written";

  let stored: StoredProfile | undefined = fast.current;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Also after a lost race: the winner may have been the erase.
    if (followUp && !stored) return "ignored";
    const { state, changed } = foldEvent(stored?.state, event);
    if (!changed) return "unchanged";
    if ((await deps.profiles.save(state, stored?.version, stored)) === "saved") return "folded";
    // Lost a race: read what the winner wrote, strongly consistent, and fold again.
    await (deps.backoff ?? jitteredBackoff)(attempt);
    stored = await deps.profiles.load(event.shop, customerKey, { consistent: true });
  }
  throw new Error(`profile ${customerKey} stayed contended after ${MAX_ATTEMPTS} attempts`);
}
