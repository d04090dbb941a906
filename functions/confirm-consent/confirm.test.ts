import { describe, expect, it } from "vitest";
import type { EventOf } from "../../shared/events/catalog";
import { customerClaims, signToken, type TokenClaims } from "../../shared/security/tokens";
import { RecordingBus } from "../../test/support/recording-bus";
import { type ConfirmRequest, confirmConsent } from "./confirm";

const tokenKey = "test-token-key";
const now = new Date("2026-11-02T09:00:00.000Z");
const inAWeek = Math.floor(now.getTime() / 1000) + 7 * 24 * 3600;

function tokenFor(
  over: Partial<TokenClaims> = {},
  customer: { id?: string; email?: string } = { id: "c-42" },
) {
  return signToken(
    { purpose: "confirm", shop: "my-shop", exp: inAWeek, ...customerClaims(customer), ...over },
    tokenKey,
  );
}

function request(method: "GET" | "POST", query: Record<string, string>, at = now): ConfirmRequest {
  return { method, query, now: at, acceptLanguage: "de-DE", ip: "203.0.113.7", userAgent: "Mozilla/5.0" };
}

const published = (bus: RecordingBus) => bus.published.map((e) => e.detail as EventOf<"consent.granted">);

describe("the double opt-in link", () => {
  it("shows a page with a button on GET and confirms nothing (mail scanners fetch links)", async () => {
    const bus = new RecordingBus();
    const token = tokenFor();

    const page = await confirmConsent(request("GET", { token }), { tokenKey, bus });

    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain("Anmeldung bestätigen");
    expect(bus.published).toHaveLength(0);
  });

  it("publishes one confirmed consent.granted on POST, with the click's IP, user agent and text version", async () => {
    const bus = new RecordingBus();
    const token = tokenFor({ tv: "nl-2026-10" });

    const done = await confirmConsent(request("POST", { token }), { tokenKey, bus });

    expect(done.statusCode).toBe(200);
    expect(published(bus)).toEqual([
      expect.objectContaining({
        shop: "my-shop",
        type: "consent.granted",
        occurredAt: now.toISOString(),
        customer: { id: "c-42" },
        data: {
          channel: "email",
          purpose: "marketing",
          confirmedAt: now.toISOString(),
          source: "double-opt-in",
          textVersion: "nl-2026-10",
          ip: "203.0.113.7",
          userAgent: "Mozilla/5.0",
        },
      }),
    ]);
  });

  it("makes a double click on the shown page the same event (same id and time), so it counts once", async () => {
    const bus = new RecordingBus();
    const token = tokenFor();
    const shownAt = new Date(now.getTime() - 30_000);
    const page = await confirmConsent(request("GET", { token }, shownAt), { tokenKey, bus });
    const action = /action="\?([^"]+)"/.exec(String(page.body))?.[1]?.replaceAll("&#38;", "&") ?? "";
    const query = Object.fromEntries(new URLSearchParams(action));

    await confirmConsent(request("POST", query), { tokenKey, bus });
    await confirmConsent(request("POST", query, new Date(now.getTime() + 800)), { tokenKey, bus });

    const [first, second] = published(bus);
    expect(first?.occurredAt).toBe(shownAt.toISOString());
    expect(first?.data.confirmedAt).toBe(shownAt.toISOString());
    expect(second).toEqual(first);
  });

  it("never takes an unsigned or altered time from the query: the confirmation is the server's time", async () => {
    const bus = new RecordingBus();
    const token = tokenFor();
    const backdated = "2026-11-02T08:00:00.000Z";

    await confirmConsent(request("POST", { token, at: backdated }), { tokenKey, bus });
    await confirmConsent(request("POST", { token, at: backdated, sig: "00".repeat(32) }), { tokenKey, bus });
    await confirmConsent(request("POST", { token, at: "2026-11-03T00:00:00.000Z" }), { tokenKey, bus });
    await confirmConsent(request("POST", { token, at: "yesterday", sig: "zz" }), { tokenKey, bus });

    expect(published(bus).map((e) => e.data.confirmedAt)).toEqual(Array(4).fill(now.toISOString()));
  });

  it("confirms a guest by the address the token is bound to", async () => {
    const bus = new RecordingBus();
    const token = tokenFor({}, { email: "berta@example.com" });

    await confirmConsent(request("POST", { token }), { tokenKey, bus });

    expect(published(bus)[0]?.customer).toEqual({ email: "berta@example.com" });
  });

  it.each([
    ["a tampered token", () => `${tokenFor().slice(0, -2)}xx`],
    ["an expired token (older than 7 days)", () => tokenFor({ exp: Math.floor(now.getTime() / 1000) - 1 })],
    ["an unsubscribe token", () => tokenFor({ purpose: "unsubscribe" })],
    [
      "a token of another key",
      () => signToken({ purpose: "confirm", shop: "s", customerKey: "id:c", exp: inAWeek }, "other"),
    ],
    ["no token", () => undefined],
  ])("answers %s with a 400 page and publishes nothing", async (_name, make) => {
    const bus = new RecordingBus();
    const token = make();
    const outcomes: string[] = [];

    for (const method of ["GET", "POST"] as const) {
      const page = await confirmConsent(request(method, token === undefined ? {} : { token }), {
        tokenKey,
        bus,
        onOutcome: (o) => outcomes.push(o.outcome),
      });
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain("ungültig oder abgelaufen");
    }
    expect(bus.published).toHaveLength(0);
    expect(outcomes).toEqual(["refused", "refused"]);
  });
});
