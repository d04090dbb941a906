import { z } from "zod";
import type { TopicMapper } from "./common";
import { customerOf, emit, invalid, TimeField } from "./fields";
import { Id } from "./shopware-orders";

/** Shopware 6 customer and newsletter-recipient payloads (`data.payload.customer`, `.newsletterRecipient`). */

const CustomerEntity = z.object({
  id: Id,
  email: z.string().nullish(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  guest: z.boolean().nullish(),
  createdAt: TimeField.nullish(),
});

export const mapRegister: TopicMapper = (d, payload) => {
  const parsed = z.object({ customer: CustomerEntity }).safeParse(payload);
  if (!parsed.success) return invalid(parsed.error, ["data", "payload"]);
  const c = parsed.data.customer;
  const customer = customerOf({
    id: c.guest ? undefined : c.id,
    email: c.email,
    firstName: c.firstName,
    lastName: c.lastName,
  });
  if (!customer) return emit([], [`customer ${c.id} has neither id nor email`]);
  return emit([
    {
      id: `shopware:customer:${c.id}:registered`,
      shop: d.shop,
      type: "customer.registered",
      occurredAt: c.createdAt ?? d.firedAt ?? d.receivedAt,
      customer,
      data: {},
    },
  ]);
};

export const mapCustomerDeleted: TopicMapper = (d, payload) => {
  const parsed = z.object({ customer: z.object({ id: Id }) }).safeParse(payload);
  if (!parsed.success) return invalid(parsed.error, ["data", "payload"]);
  return { kind: "erase", shop: d.shop, customerId: parsed.data.customer.id };
};

const Recipient = z.object({
  id: Id,
  email: z.string(),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  status: z.string().nullish(),
  confirmedAt: TimeField.nullish(),
  updatedAt: TimeField.nullish(),
  createdAt: TimeField.nullish(),
});

/**
 * Newsletter recipients: `optIn` is Shopware's own double opt-in, confirmed (so `confirmedAt`);
 * `direct` is a subscription without it (pending until the person confirms our mail); `notSet`
 * waits for the shop's confirmation and says nothing yet. A recipient is keyed by email: it need
 * not be a customer account.
 */
export const mapNewsletter: TopicMapper = (d, payload) => {
  const parsed = z.object({ newsletterRecipient: Recipient }).safeParse(payload);
  if (!parsed.success) return invalid(parsed.error, ["data", "payload"]);
  const r = parsed.data.newsletterRecipient;
  const customer = customerOf({ email: r.email, firstName: r.firstName, lastName: r.lastName });
  if (!customer)
    return {
      kind: "invalid",
      issues: [{ path: "data.payload.newsletterRecipient.email", message: "must be an email address" }],
    };
  const at = r.confirmedAt ?? r.updatedAt ?? r.createdAt ?? d.firedAt ?? d.receivedAt;
  const base = {
    id: `shopware:newsletter:${r.id}:${d.topic}:${d.deliveryId}`,
    shop: d.shop,
    occurredAt: at,
    customer,
  };
  const data = { channel: "email", purpose: "marketing", source: "shopware" };
  if (d.topic === "newsletter.unsubscribe" || r.status === "optOut") {
    return emit([{ ...base, type: "consent.revoked", data }]);
  }
  if (r.status === "optIn") {
    return emit([{ ...base, type: "consent.granted", data: { ...data, confirmedAt: r.confirmedAt ?? at } }]);
  }
  if (r.status === "direct") return emit([{ ...base, type: "consent.granted", data }]);
  return emit([]);
};
