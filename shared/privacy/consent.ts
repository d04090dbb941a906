import { customerKeyOf } from "../domain/identity";
import { type ConsentFact, type ConsentStatus, factNames, factsOf } from "../domain/profile";
import type { CanonicalEvent } from "../events/catalog";
import type { ConsentEntry } from "../persistence/consent-ledger";

/**
 * The ledger entry a consent event makes. Its status is read from the very fact the profile
 * writer folds (shared/domain/profile.ts `factsOf`), not decided a second time here, so a granted
 * event without `confirmedAt` is `pending` in both places by construction.
 */
export function consentEntryOf(event: CanonicalEvent): ConsentEntry | undefined {
  if (event.type !== "consent.granted" && event.type !== "consent.revoked") return undefined;
  const { channel, purpose } = event.data;
  const fact = factsOf(event).find((f) => f.name === factNames.consent(channel, purpose));
  if (!fact) return undefined;
  const value = fact.value as ConsentFact;
  const d = event.data as typeof event.data & { confirmedAt?: string };
  return {
    shop: event.shop,
    customerKey: customerKeyOf(event.customer),
    eventId: event.id,
    occurredAt: event.occurredAt,
    channel,
    purpose,
    status: value.status,
    ...(d.source !== undefined ? { source: d.source } : {}),
    ...(d.confirmedAt !== undefined ? { confirmedAt: d.confirmedAt } : {}),
    ...(d.textVersion !== undefined ? { textVersion: d.textVersion } : {}),
    ...(d.ip !== undefined ? { ip: d.ip } : {}),
    ...(d.userAgent !== undefined ? { userAgent: d.userAgent } : {}),
  };
}

/**
 * The consent the ledger implies for one channel and purpose: the entry with the latest stamp
 * (`occurredAt|eventId`, the profile's last-writer-wins stamp), so it equals the profile's
 * `consent` field whatever order the events arrived in.
 */
export function consentFromLedger(
  entries: readonly Pick<ConsentEntry, "occurredAt" | "eventId" | "channel" | "purpose" | "status">[],
  channel = "email",
  purpose = "marketing",
): ConsentStatus | "unknown" {
  let best: { stamp: string; status: ConsentStatus } | undefined;
  for (const e of entries) {
    if (e.channel !== channel || e.purpose !== purpose) continue;
    const stamp = `${e.occurredAt}|${e.eventId}`;
    if (!best || best.stamp < stamp) best = { stamp, status: e.status };
  }
  return best?.status ?? "unknown";
}
