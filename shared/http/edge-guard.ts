import { type FieldIssue, type HttpResult, json } from "./responses";
import { MAX_BODY_BYTES } from "./routes";

/**
 * The bounds every HTTP request meets before any function looks at it, in both hosts (the AWS
 * handlers through shared/runtime/http-handler.ts, the local-only routes through the local server).
 * Each refusal is a 4xx naming the problem, and happens before anything is read or written.
 */

/** JSON nested deeper than this is refused unparsed: no legitimate body nests past a dozen levels. */
export const MAX_JSON_DEPTH = 32;
/**
 * Path parameters (customer ids, platform, job names) become table keys; the shops' own ids are at
 * most 200 characters (the event catalog's ExternalId), far below DynamoDB's 2,048-byte key limit.
 */
export const MAX_PATH_PARAMETER_LENGTH = 200;
/** A query value: the longest is a signed token (2,048 characters, shared/security/tokens.ts). */
export const MAX_QUERY_VALUE_LENGTH = 4096;
export const MAX_QUERY_STRING_LENGTH = 8192;

/** decodeURIComponent that answers undefined instead of throwing on malformed percent-encoding. */
export function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/**
 * The deepest nesting of `[` and `{` outside string literals, scanning the raw text once without
 * recursion; stops counting once past `limit`, so a 256 KB run of brackets costs one pass.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; issue: FieldIssue; error: string };

/** JSON.parse behind the depth bound: parsers and walkers downstream never meet attacker depth. */
export function parseBoundedJson(text: string, parse: (text: string) => unknown = JSON.parse): JsonParse {
  if (jsonDepth(text) > MAX_JSON_DEPTH) return tooDeep();
  try {
    return { ok: true, value: parse(text) };
  } catch {
    return {
      ok: false,
      error: "the body is not valid JSON",
      issue: { path: "(body)", message: "not valid JSON" },
    };
  }
}

function tooDeep(): { ok: false; issue: FieldIssue; error: string } {
  const message = `nested deeper than ${MAX_JSON_DEPTH} levels`;
  return { ok: false, error: `the body is ${message}`, issue: { path: "(body)", message } };
}

/** What the guard looks at: the parts of an API Gateway (payload 2.0) event that come from the caller. */
export interface EdgeRequest {
  rawPath?: string | undefined;
  rawQueryString?: string | undefined;
  pathParameters?: Record<string, string | undefined> | undefined;
  queryStringParameters?: Record<string, string | undefined> | undefined;
  body: Buffer;
}

/** The first bound the request breaks, as the answer to give; undefined when it keeps them all. */
export function guardEdge(request: EdgeRequest): HttpResult | undefined {
  if (request.body.length > MAX_BODY_BYTES)
    return json(413, { error: `the body is larger than ${MAX_BODY_BYTES / 1024} KB` });
  const issue = pathIssue(request) ?? queryIssue(request) ?? bodyIssue(request.body);
  if (!issue) return undefined;
  return json(400, { error: `${issue.path}: ${issue.message}`, issues: [issue] });
}

function pathIssue(request: EdgeRequest): FieldIssue | undefined {
  for (const segment of (request.rawPath ?? "").split("/"))
    if (safeDecode(segment) === undefined) return { path: "(path)", message: "malformed percent-encoding" };
  for (const [name, value] of Object.entries(request.pathParameters ?? {})) {
    if (value === undefined) continue;
    // Measured decoded where it decodes: that is what becomes a key.
    if ((safeDecode(value) ?? value).length > MAX_PATH_PARAMETER_LENGTH)
      return { path: name, message: `longer than ${MAX_PATH_PARAMETER_LENGTH} characters` };
  }
  return undefined;
}

function queryIssue(request: EdgeRequest): FieldIssue | undefined {
  if ((request.rawQueryString ?? "").length > MAX_QUERY_STRING_LENGTH)
    return { path: "(query)", message: `longer than ${MAX_QUERY_STRING_LENGTH} characters` };
  for (const [name, value] of Object.entries(request.queryStringParameters ?? {})) {
    if (value !== undefined && value.length > MAX_QUERY_VALUE_LENGTH)
      return { path: `query.${name}`, message: `longer than ${MAX_QUERY_VALUE_LENGTH} characters` };
  }
  return undefined;
}

/** Only bodies that may be JSON are scanned; a form body (`score=9`) has no brackets to count. */
function bodyIssue(body: Buffer): FieldIssue | undefined {
  if (body.length === 0) return undefined;
  return jsonDepth(body.toString("latin1")) > MAX_JSON_DEPTH ? tooDeep().issue : undefined;
}
