import { createHash } from "node:crypto";

/**
 * A profile is keyed by the shop's own customer id when the shop sends one, and by a hash of the
 * email for guests (a guest checkout has only an email). Keys carry no personal data, so they may
 * appear in logs and metrics.
 */

export function emailHash(email: string): string {
  return createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);
}

export const GUEST_PREFIX = "guest:";

/** The stable key of a customer within a shop. */
export function customerKeyOf(customer: { id?: string | undefined; email?: string | undefined }): string {
  if (customer.id !== undefined) return `id:${customer.id}`;
  if (customer.email !== undefined) return `${GUEST_PREFIX}${emailHash(customer.email)}`;
  throw new Error("a customer needs an id or an email");
}

/** The customer id as the admin API shows and accepts it: the shop's id, or `guest:<hash>`. */
export function publicCustomerId(customerKey: string): string {
  return customerKey.startsWith("id:") ? customerKey.slice(3) : customerKey;
}

/** Inverse of publicCustomerId, for ids that arrive in admin URLs. */
export function customerKeyFromPublicId(id: string): string {
  return id.startsWith(GUEST_PREFIX) ? id : `id:${id}`;
}
