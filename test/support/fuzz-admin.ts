import { LOCAL_DEFAULTS } from "../../shared/runtime/config";
import type { FuzzRequest } from "./fuzz-requests";

/**
 * Hostile requests for the admin routes (shared/http/routes.ts) and the local host's own routes
 * (jobs on demand, SES event injection). None of them may legitimately write: ids that name no
 * customer, bodies no job or SES event accepts, or no (or a wrong) token.
 */

type Random = () => number;
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Path segments as a hostile client writes them (already percent-encoded where meant to be). */
const IDS = [
  "%",
  "100%",
  "%E0%A4%A",
  "%ZZ",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "x".repeat(3000),
  "%41".repeat(1000),
  "guest%3A",
  "guest:not-a-hash",
  "..%2F..%2Fetc",
  "%00",
  "%F0%9F%98%80",
  "id%3Anobody",
  "nobody-%C3%BC",
];

const QUERIES = [
  "",
  "?shop=a%20b",
  "?shop=..%2Fx",
  `?shop=${"s".repeat(500)}`,
  "?shop=__proto__",
  "?shop=%",
  "?email=not-an-address",
  `?email=${"a".repeat(5000)}%40example.com`,
  "?email=%ZZ",
  "?email=nobody%40example.com&shop=default",
  "?__proto__[x]=1",
];

const ODD_BODIES = [
  "",
  "null",
  "[]",
  "5",
  '"x"',
  '{"now":5}',
  '{"now":"yesterday"}',
  '{"now":null}',
  `{"now":"${"9".repeat(5000)}"}`,
  `${"[".repeat(5000)}${"]".repeat(5000)}`,
  '{"__proto__":{"polluted":1}}',
  '{"eventType":"constructor"}',
  '{"detail-type":"toString","detail":{}}',
  '{"eventType":"Bounce","detail":null',
];

/** Bodies every job refuses: any other object (no `now`, so "now") would run it, as would an empty body. */
const JOB_BODIES = ODD_BODIES.filter((b) => b !== "" && (!b.startsWith("{") || b.startsWith('{"now"')));

function auth(r: Random): Record<string, string> {
  const n = r();
  if (n < 0.75) return { authorization: `Bearer ${LOCAL_DEFAULTS.ADMIN_TOKEN}` };
  if (n < 0.85) return {};
  return { authorization: pick(r, ["Bearer ", "Bearer x", `Bearer ${"x".repeat(3000)}`, "Basic Zm9v"]) };
}

export function adminCustomerRequest(r: Random, method: string, suffix: "" | "/export"): FuzzRequest {
  const path = `/admin/customers/${pick(r, IDS)}${suffix}${pick(r, QUERIES)}`;
  return { kind: `${method} customer`, method, path, headers: auth(r), body: Buffer.alloc(0) };
}

export function adminLookupRequest(r: Random): FuzzRequest {
  const query = pick(
    r,
    QUERIES.filter((q) => q !== "?email=nobody%40example.com&shop=default"),
  );
  return {
    kind: "lookup",
    method: "GET",
    path: `/admin/customers${query}`,
    headers: auth(r),
    body: Buffer.alloc(0),
  };
}

/** A real job name only ever with a body no job accepts (an empty body would run it). */
export function jobRequest(r: Random, jobs: readonly string[]): FuzzRequest {
  const real = r() < 0.4;
  const name = real ? pick(r, jobs) : pick(r, IDS);
  const bodies = real ? JOB_BODIES : ODD_BODIES;
  const body = Buffer.from(pick(r, bodies));
  return {
    kind: `job ${real ? "real" : "hostile"}`,
    method: "POST",
    path: `/admin/jobs/${name}`,
    headers: auth(r),
    body,
  };
}

export function sesEventRequest(r: Random): FuzzRequest {
  const big = `{"pad":"${"x".repeat(300 * 1024)}"}`;
  const body = Buffer.from(r() < 0.1 ? big : pick(r, ODD_BODIES));
  return { kind: "ses-event", method: "POST", path: "/local/ses-events", headers: auth(r), body };
}
