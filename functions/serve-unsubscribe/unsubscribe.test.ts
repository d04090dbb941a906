import { describe, expect, it } from "vitest";
import { CanonicalEvent } from "../../shared/events/catalog";
import { customerClaims, signToken, type TokenClaims } from "../../shared/security/tokens";
import { RecordingBus } from "../../test/support/recording-bus";
import { serveUnsubscribe, type UnsubscribeOutcome, type UnsubscribeRequest } from "./unsubscribe";

const tokenKey = "test-token-key";
const now = new Date("2026-11-02T09:00:00Z");
const inAWeek = Math.floor(now.getTime() / 1000) + 7 * 24 * 3600;
const ONE_CLICK = "List-Unsubscribe=One-Click";

function tokenFor(
  over: Partial<TokenClaims> = {},
  customer: { id?: string; email?: string } = { id: "c-42" },
) {
  return signToken(
    { purpose: "unsubscribe", shop: "my-shop", exp: inAWeek, ...customerClaims(customer), ...over },
    tokenKey,
  );
}
function given() {
  const bus = new RecordingBus();
  const outcomes: UnsubscribeOutcome[] = [];
  return { bus, outcomes, deps: { tokenKey, bus, onOutcome: (o: UnsubscribeOutcome) => outcomes.push(o) } };
}
const request = (
  method: "GET" | "POST",
  token: string | undefined,
  over: Partial<UnsubscribeRequest> = {},
) => ({
  method,
  query: token === undefined ? {} : { token },
  body: method === "POST" ? ONE_CLICK : "",
  now,
  ...over,
});

describe("GET|POST /unsubscribe", () => {
  it("shows a page with a button that posts to the same link, and unsubscribes nobody on GET", async () => {
    const { bus, deps } = given();
    const token = tokenFor();

    const result = await serveUnsubscribe(request("GET", token), deps);

    expect(result.statusCode).toBe(200);
    expect(result.headers).toMatchObject({
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
    });
    expect(result.body).toContain(`<form method="post" action="?token=${token}">`);
    expect(result.body).toContain('name="List-Unsubscribe" value="One-Click"');
    expect(bus.published).toHaveLength(0);
  });

  it("publishes exactly one consent.revoked on the one-click POST and confirms it", async () => {
    const { bus, deps } = given();

    const result = await serveUnsubscribe(request("POST", tokenFor()), deps);

    expect(result.statusCode).toBe(200);
    expect(result.body).toContain("Sie wurden abgemeldet");
    expect(bus.published).toHaveLength(1);
    const [published] = bus.published;
    expect(published).toMatchObject({ source: "stammkunde", detailType: "consent.revoked" });
    expect(CanonicalEvent.parse(published?.detail)).toEqual({
      id: expect.stringMatching(/^unsubscribe:[0-9a-f]{32}$/),
      shop: "my-shop",
      type: "consent.revoked",
      occurredAt: now.toISOString(),
      customer: { id: "c-42" },
      data: { channel: "email", purpose: "marketing", source: "unsubscribe-link" },
    });
  });

  it("gives a double click the same event id, so it counts once", async () => {
    const { bus, deps } = given();
    const token = tokenFor();

    await serveUnsubscribe(request("POST", token), deps);
    await serveUnsubscribe(request("POST", token, { now: new Date(now.getTime() + 5_000) }), deps);

    const ids = bus.published.map((e) => (e.detail as { id: string }).id);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it("names a guest by the address signed into the token", async () => {
    const { bus, deps } = given();

    await serveUnsubscribe(request("POST", tokenFor({}, { email: "berta@example.com" })), deps);

    expect(bus.published[0]?.detail).toMatchObject({ customer: { email: "berta@example.com" } });
  });

  it("takes the token from the form body when the query has none", async () => {
    const { bus, deps } = given();
    const token = tokenFor();

    const result = await serveUnsubscribe(request("POST", undefined, { body: `token=${token}` }), deps);

    expect(result.statusCode).toBe(200);
    expect(bus.published).toHaveLength(1);
  });

  it("answers 400 to a tampered, expired, foreign or missing token and changes nothing", async () => {
    const { bus, deps, outcomes } = given();
    const token = tokenFor();
    const tampered = `${token.slice(0, 10)}${token[10] === "A" ? "B" : "A"}${token.slice(11)}`;
    const refused = [
      tampered,
      tokenFor({ exp: Math.floor(now.getTime() / 1000) - 1 }),
      tokenFor({ purpose: "survey" }),
      signToken(
        { purpose: "unsubscribe", shop: "my-shop", exp: inAWeek, customerKey: "id:c-42" },
        "other-key",
      ),
      tokenFor({ e: "someone-else@example.com" }, { email: "berta@example.com" }),
      "garbage",
      undefined,
    ];

    for (const bad of refused) {
      for (const method of ["GET", "POST"] as const) {
        const result = await serveUnsubscribe(request(method, bad), deps);
        expect(result.statusCode).toBe(400);
        expect(result.body).toContain("ungültig oder abgelaufen");
      }
    }

    expect(bus.published).toHaveLength(0);
    expect(outcomes.map((o) => o.reason)).toEqual(
      expect.arrayContaining(["bad-signature", "expired", "wrong-purpose", "unbound-customer", "malformed"]),
    );
    expect(JSON.stringify(outcomes)).not.toContain("@");
  });

  it("answers in English to a visitor who prefers English", async () => {
    const { deps } = given();

    const result = await serveUnsubscribe(
      request("POST", tokenFor(), { acceptLanguage: "en-US,en;q=0.9,de;q=0.5" }),
      deps,
    );

    expect(result.body).toContain("You are unsubscribed");
    expect(result.body).toContain('<html lang="en">');
  });
});
