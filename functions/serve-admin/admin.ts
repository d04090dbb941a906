import { z } from "zod";
import { customerKeyFromPublicId } from "../../shared/domain/identity";
import { viewProfile } from "../../shared/domain/profile-view";
import { badRequest, type HttpResult, json, zodIssues } from "../../shared/http/responses";
import type { ProfileStore } from "../../shared/persistence/profile-store";
import { type EraseDeps, type EraseReceipt, eraseCustomer } from "../../shared/privacy/erase";
import { exportCustomer } from "../../shared/privacy/export";
import { journeysResponse } from "./journeys";

export interface AdminRequest {
  routeKey: string;
  pathParameters: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

export interface AdminDeps {
  profiles: ProfileStore;
  /** Proves the table answers (and, locally, the emulators). */
  healthCheck: () => Promise<void>;
  /** Export and erase (GDPR Art. 15 and 17): the customer's partitions and the suppression list. */
  privacy: EraseDeps;
  /** Told of every erase (ids and counts only), for the audit log. */
  onErase?: (receipt: EraseReceipt) => void;
}

const Query = z.object({
  shop: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,99}$/, "must be a shop id")
    .default("default"),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email({ message: "must be an email address" }))
    .optional(),
});

/** The admin API: profiles by customer id or email, their journeys, export and erase, and the health check. */
export async function serveAdmin(request: AdminRequest, deps: AdminDeps): Promise<HttpResult> {
  if (request.routeKey === "GET /health") {
    await deps.healthCheck();
    return json(200, { status: "ok" });
  }
  const query = Query.safeParse(request.query);
  if (!query.success) return badRequest("bad query parameter", zodIssues(query.error, ["query"]));
  const { shop, email } = query.data;
  const notFound = (what: string) => json(404, { error: notFoundMessage(what, shop, request.query.shop) });

  if (request.routeKey === "GET /admin/customers") {
    if (!email) return badRequest("query.email: required", [{ path: "query.email", message: "required" }]);
    const keys = await deps.profiles.findKeysByEmail(shop, email);
    // A customer known both as a guest and by their shop account: the account wins.
    const key = keys.find((k) => k.startsWith("id:")) ?? keys[0];
    const stored = key ? await deps.profiles.load(shop, key, { consistent: true }) : undefined;
    return stored ? json(200, viewProfile(stored.state)) : notFound("no customer with this email");
  }
  const id = request.pathParameters.customerId;
  if (request.routeKey.includes("{customerId}") && !id)
    return badRequest("customerId: required", [{ path: "customerId", message: "required" }]);
  const customerKey = id ? customerKeyFromPublicId(decodeOnce(id)) : "";
  if (request.routeKey === "GET /admin/customers/{customerId}") {
    const stored = await deps.profiles.load(shop, customerKey, { consistent: true });
    return stored ? json(200, viewProfile(stored.state)) : notFound("no such customer");
  }
  if (request.routeKey === "GET /admin/customers/{customerId}/export") {
    const document = await exportCustomer({ shop, customerKey }, deps.privacy);
    return document ? json(200, document) : notFound("no such customer");
  }
  if (request.routeKey === "GET /admin/customers/{customerId}/journeys") {
    return journeysResponse(shop, customerKey, decodeOnce(id ?? ""), deps.privacy.partitions);
  }
  if (request.routeKey === "DELETE /admin/customers/{customerId}") {
    const receipt = await eraseCustomer({ shop, customerKey }, deps.privacy);
    deps.onErase?.(receipt);
    return receipt.erased ? json(200, receipt) : notFound("no such customer");
  }
  return json(404, { error: "no such route" });
}

/**
 * Profiles are kept per shop, and webhooks name theirs by the platform's identity: a lookup that
 * named no shop searched "default", which is the commonest reason a known customer is not found.
 */
function notFoundMessage(what: string, shop: string, asked: string | undefined): string {
  if (asked !== undefined) return `${what} in shop "${shop}"`;
  return (
    `${what} in shop "default" (no ?shop= given); profiles are kept per shop: add ?shop=<id>, ` +
    "which for a webhook is the platform's identity (my-shop.myshopify.com, the WooCommerce host name, the Shopware shopId)"
  );
}

/** Path parameters may arrive encoded or not; a stray "%" is part of the id, not a 500. */
function decodeOnce(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
