import { z } from "zod";
import { ShopEvent } from "../../shared/events/product-events";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { parseBoundedJson } from "../../shared/http/edge-guard";
import { badRequest, describeIssues, type HttpResult, json, zodIssues } from "../../shared/http/responses";
import { MAX_BODY_BYTES } from "../../shared/http/routes";
import { verifyHexSignature } from "../../shared/http/signature";
import { type EventBus, toBusEvent } from "../../shared/messaging/event-bus";

export const MAX_EVENTS_PER_REQUEST = 100;

export interface IngestRequest {
  rawBody: Buffer;
  signature: string | undefined;
}

export interface IngestDeps {
  secret: string;
  bus: EventBus;
}

/**
 * POST /events: size, then signature, then shape; only a request that passes all three reaches
 * the bus, and it is answered 202 only once every event is accepted there.
 */
export async function ingestEvents(request: IngestRequest, deps: IngestDeps): Promise<HttpResult> {
  if (request.rawBody.length > MAX_BODY_BYTES) {
    return json(413, { error: `the body is larger than ${MAX_BODY_BYTES / 1024} KB` });
  }
  if (!verifyHexSignature(deps.secret, request.rawBody, request.signature)) {
    return json(401, {
      error: "missing or wrong X-Signature (expected sha256=<hex HMAC-SHA256 of the body>)",
    });
  }

  let text: string;
  try {
    // Strict: lenient decoding would store U+FFFD in place of every bad byte, in names and ids.
    text = STRICT_UTF8.decode(request.rawBody);
  } catch {
    return badRequest("the body is not valid UTF-8", [{ path: "(body)", message: "not valid UTF-8" }]);
  }
  const parsedJson = parseBoundedJson(text);
  if (!parsedJson.ok) return badRequest(parsedJson.error, [parsedJson.issue]);
  const body = parsedJson.value;

  const batch = isBatch(body);
  const parsed = batch ? Batch.safeParse(body) : ShopEvent.safeParse(body);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    return badRequest(describeIssues(issues), issues);
  }
  const events = batch ? (parsed.data as z.infer<typeof Batch>).events : [parsed.data as ShopEvent];

  await deps.bus.publish(events.map((e) => toBusEvent(e, EVENT_SOURCE)));
  return json(202, { accepted: events.length });
}

const STRICT_UTF8 = new TextDecoder("utf-8", { fatal: true });

const Batch = z.object({
  events: z
    .array(ShopEvent)
    .min(1, "must hold at least one event")
    .max(MAX_EVENTS_PER_REQUEST, `must hold at most ${MAX_EVENTS_PER_REQUEST} events`),
});

function isBatch(body: unknown): boolean {
  return typeof body === "object" && body !== null && !Array.isArray(body) && "events" in body;
}
