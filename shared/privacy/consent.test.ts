import { describe, expect, it } from "vitest";
import { consentEvent, customerEvent, seededRandom, shuffle } from "../../test/support/builders";
import { foldEvent, type ProfileState } from "../domain/profile";
import { viewProfile } from "../domain/profile-view";
import type { CanonicalEvent } from "../events/catalog";
import type { ConsentEntry } from "../persistence/consent-ledger";
import { consentEntryOf, consentFromLedger } from "./consent";

const anna = { id: "c-42", email: "anna@example.com" };

describe("the consent ledger entry of an event", () => {
  it("records a shop's unconfirmed sign-up as pending, with where, which text, IP and user agent", () => {
    const event = {
      ...consentEvent("consent.granted", { id: "e1", customer: anna, at: "2026-11-01T08:00:00.000Z" }),
      data: {
        channel: "email",
        purpose: "marketing",
        source: "shopify:footer-form",
        textVersion: "nl-2026-10",
        ip: "203.0.113.7",
        userAgent: "Mozilla/5.0",
      },
    } as CanonicalEvent;

    expect(consentEntryOf(event)).toEqual({
      shop: "default",
      customerKey: "id:c-42",
      eventId: "e1",
      occurredAt: "2026-11-01T08:00:00.000Z",
      channel: "email",
      purpose: "marketing",
      status: "pending",
      source: "shopify:footer-form",
      textVersion: "nl-2026-10",
      ip: "203.0.113.7",
      userAgent: "Mozilla/5.0",
    });
  });

  it("records a confirmed grant as granted with its confirmation time, and a revocation as revoked", () => {
    const granted = consentEvent("consent.granted", {
      customer: anna,
      at: "2026-11-01T08:00:00.000Z",
      confirmedAt: "2026-11-01T08:00:00.000Z",
    });
    const revoked = consentEvent("consent.revoked", { customer: anna });

    expect(consentEntryOf(granted)).toMatchObject({
      status: "granted",
      confirmedAt: "2026-11-01T08:00:00.000Z",
    });
    expect(consentEntryOf(revoked)).toMatchObject({ status: "revoked" });
    expect(consentEntryOf(revoked)).not.toHaveProperty("confirmedAt");
  });

  it("makes no entry for events that are not about consent", () => {
    expect(consentEntryOf(customerEvent("customer.updated", { customer: anna }))).toBeUndefined();
  });
});

describe("the consent the ledger implies", () => {
  it("is unknown without entries", () => {
    expect(consentFromLedger([])).toBe("unknown");
  });

  it("equals the profile's consent for any delivery order with duplicates (300 seeded permutations)", () => {
    const statuses = ["granted-pending", "granted-confirmed", "revoked"] as const;
    const random = seededRandom(7);
    for (let run = 0; run < 300; run++) {
      // A handful of consent events, some at the same instant (the event id breaks the tie).
      const events = Array.from({ length: 2 + Math.floor(random() * 5) }, (_, i) => {
        const kind = statuses[Math.floor(random() * statuses.length)]!;
        const at = `2026-11-0${1 + Math.floor(random() * 3)}T08:00:00.000Z`;
        const id = `r${run}-e${i}`;
        return kind === "revoked"
          ? consentEvent("consent.revoked", { id, customer: anna, at })
          : consentEvent("consent.granted", {
              id,
              customer: anna,
              at,
              ...(kind === "granted-confirmed" ? { confirmedAt: at } : {}),
            });
      });
      const deliveries = shuffle([...events, ...events.filter(() => random() < 0.5)], random);

      let profile: ProfileState | undefined;
      const ledger = new Map<string, ConsentEntry>();
      for (const event of deliveries) {
        profile = foldEvent(profile, event).state;
        const entry = consentEntryOf(event)!;
        // The store's conditional put: the first write of an event id stays.
        if (!ledger.has(entry.eventId)) ledger.set(entry.eventId, entry);
      }

      expect(ledger.size, `run ${run}`).toBe(events.length);
      expect(consentFromLedger([...ledger.values()]), `run ${run}`).toBe(
        viewProfile(profile!).consent.email.marketing,
      );
    }
  });
});
