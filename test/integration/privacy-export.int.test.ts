import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LocalHost } from "../../infra/local/host";
import type { CustomerExport } from "../../shared/privacy/export";
import { admin } from "../support/local-host";
import { lifeOf, partition, person, send, startPrivacyHost } from "./privacy-support";

let host: LocalHost;
beforeAll(async () => {
  host = await startPrivacyHost();
});
afterAll(async () => {
  await host?.stop();
});

describe("GDPR export", () => {
  it("returns every item stored about the person as one document: profile, consent ledger, journeys", async () => {
    const erika = person();
    await send(host, lifeOf(erika, "2026-11-02T08:00:00.000Z"));
    const stored = await partition(host, "default", `id:${erika.customer.id}`);

    const res = await admin(host, `/admin/customers/${erika.customer.id}/export`);

    expect(res.status).toBe(200);
    const doc = (await res.json()) as CustomerExport;
    expect(doc).toMatchObject({
      format: "stammkunde.customer-export.v1",
      customerId: erika.customer.id,
      itemCount: stored.length,
      profile: { email: erika.customer.email, firstName: erika.customer.firstName, orderCount: 1 },
      consent: { current: { email: { marketing: "granted" } } },
    });
    expect(doc.consent.ledger).toEqual([
      expect.objectContaining({
        status: "granted",
        source: "checkout-form",
        textVersion: "nl-v3",
        ip: "203.0.113.9",
        userAgent: "Mozilla/5.0 (Erika)",
      }),
    ]);
    expect(doc.journeys).toContainEqual(
      expect.objectContaining({
        campaignId: "high-value-cart",
        status: "scheduled",
        ledger: [expect.objectContaining({ decision: "scheduled" })],
      }),
    );
    expect(doc.storedProfile).toHaveProperty(`o:${erika.customer.id}-o-0`);
    // Every stored item is in the document: one profile, its ledger entries, its journeys, nothing else.
    expect(1 + doc.consent.ledger.length + doc.journeys.length + doc.otherItems.length).toBe(stored.length);
  });

  it("answers 404 for a customer with nothing stored, and 401 without the admin token", async () => {
    expect((await admin(host, "/admin/customers/nobody-here/export")).status).toBe(404);
    expect((await fetch(`${host.url}/admin/customers/nobody-here/export`)).status).toBe(401);
  });
});
