import { z } from "zod";
import { customerKeyOf, publicCustomerId } from "../domain/identity";
import type { Customer } from "../events/catalog";
import { WebUrl } from "../events/primitives";
import type { Delivery, Mapped } from "./common";
import { AmountField, CurrencyField, customerOf, emit, IdField, invalid, TimeField } from "./fields";

/** Shopify customers, marketing consent, checkouts and carts (orders and refunds: ./shopify-orders). */

/**
 * The exact numeric id. Copies of Shopify payloads that went through JSON.parse somewhere keep an
 * exact `admin_graphql_api_id` ("gid://shopify/Order/820982911946154508") next to a rounded `id`
 * (820982911946154500); the gid is a string and cannot lose digits, so it wins when the two differ.
 */
export function exactId(
  id: string | null | undefined,
  gid: string | null | undefined,
  warnings: string[],
): string | undefined {
  const fromGid = gid ? /^gid:\/\/shopify\/[A-Za-z]+\/(\d+)$/.exec(gid)?.[1] : undefined;
  if (fromGid !== undefined && id && fromGid !== id) {
    warnings.push(`id ${id} lost precision before it reached us; used ${gid}`);
  }
  return fromGid ?? id ?? undefined;
}

export const EmailMarketingConsent = z
  .object({
    state: z.string().nullish(),
    opt_in_level: z.string().nullish(),
    consent_updated_at: TimeField.nullish(),
  })
  .nullish();
type EmailMarketingConsent = z.infer<typeof EmailMarketingConsent>;

export const ShopifyCustomer = z.object({
  id: IdField.nullish(),
  admin_graphql_api_id: z.string().nullish(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  created_at: TimeField.nullish(),
  updated_at: TimeField.nullish(),
  email_marketing_consent: EmailMarketingConsent,
});
type ShopifyCustomer = z.infer<typeof ShopifyCustomer>;

/** The customer's own email wins over the order's contact email: it is the one the profile keeps. */
export function customerIdentity(
  c: ShopifyCustomer,
  warnings: string[],
  email?: string | null,
  locale?: string | null,
): Customer | undefined {
  return customerOf({
    id: exactId(c.id, c.admin_graphql_api_id, warnings),
    email: c.email || email,
    firstName: c.first_name,
    lastName: c.last_name,
    locale,
  });
}

/**
 * Consent only where Shopify says the person subscribed: `confirmed_opt_in` means the shop's own
 * double opt-in was confirmed (so `confirmedAt`); `single_opt_in` stays pending until the person
 * confirms our mail. `unsubscribed` revokes; every other state (not_subscribed, pending, redacted,
 * invalid) says nothing about marketing consent.
 */
export function consentEvents(
  d: Delivery,
  customer: Customer,
  consent: EmailMarketingConsent,
  fallbackAt: string,
): unknown[] {
  const state = consent?.state;
  if (state !== "subscribed" && state !== "unsubscribed") return [];
  const at = consent?.consent_updated_at ?? fallbackAt;
  const base = {
    id: `shopify:customer:${customerKeyOf(customer)}:consent:${state}:${consent?.consent_updated_at ?? d.deliveryId}`,
    shop: d.shop,
    occurredAt: at,
    customer,
  };
  const data = { channel: "email", purpose: "marketing", source: "shopify" };
  if (state === "unsubscribed") return [{ ...base, type: "consent.revoked", data }];
  const confirmed = consent?.opt_in_level === "confirmed_opt_in";
  return [{ ...base, type: "consent.granted", data: { ...data, ...(confirmed ? { confirmedAt: at } : {}) } }];
}

function fallbackTime(d: Delivery): string {
  return d.firedAt ?? d.receivedAt;
}

export function mapCustomer(d: Delivery, body: unknown): Mapped {
  const parsed = ShopifyCustomer.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const c = parsed.data;
  const warnings: string[] = [];
  const customer = customerIdentity(c, warnings);
  if (!customer?.id) return { kind: "invalid", issues: [{ path: "id", message: "required" }] };
  const created = d.topic === "customers/create";
  const at = (created ? c.created_at : c.updated_at) ?? fallbackTime(d);
  const event = created
    ? { id: `shopify:customer:${customer.id}:registered`, type: "customer.registered" }
    : {
        id: `shopify:customer:${customer.id}:updated:${c.updated_at ?? d.deliveryId}`,
        type: "customer.updated",
      };
  return emit(
    [
      { ...event, shop: d.shop, occurredAt: at, customer, data: {} },
      ...consentEvents(d, customer, c.email_marketing_consent, at),
    ],
    warnings,
  );
}

const ConsentUpdate = z.object({
  customer_id: IdField,
  email_address: z.string().nullish(),
  email_marketing_consent: EmailMarketingConsent,
});

export function mapConsentUpdate(d: Delivery, body: unknown): Mapped {
  const parsed = ConsentUpdate.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const customer = customerOf({ id: parsed.data.customer_id, email: parsed.data.email_address });
  if (!customer) return { kind: "invalid", issues: [{ path: "customer_id", message: "required" }] };
  return emit(consentEvents(d, customer, parsed.data.email_marketing_consent, fallbackTime(d)));
}

export function mapCustomerDelete(d: Delivery, body: unknown): Mapped {
  const parsed = z.object({ id: IdField, admin_graphql_api_id: z.string().nullish() }).safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const customerId = exactId(parsed.data.id, parsed.data.admin_graphql_api_id, []) ?? parsed.data.id;
  return { kind: "erase", shop: d.shop, customerId };
}

/**
 * Shopify's mandatory privacy webhook `customers/redact` (sent 10 days after a merchant's erase
 * request): `{shop_id, shop_domain, customer: {id, email, phone}, orders_to_redact}`. Erases the
 * customer by id, or, for a customer Shopify knows by email only, the guest profile of that email.
 */
export function mapCustomerRedact(d: Delivery, body: unknown): Mapped {
  const parsed = z
    .object({
      customer: z.object({
        id: IdField.nullish(),
        admin_graphql_api_id: z.string().nullish(),
        email: z.string().nullish(),
      }),
    })
    .safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const c = parsed.data.customer;
  const id =
    c.id === null || c.id === undefined ? undefined : (exactId(c.id, c.admin_graphql_api_id, []) ?? c.id);
  const email = c.email?.trim() ? c.email : undefined;
  if (id === undefined && email === undefined)
    return { kind: "invalid", issues: [{ path: "customer.id", message: "required (or customer.email)" }] };
  return { kind: "erase", shop: d.shop, customerId: publicCustomerId(customerKeyOf({ id, email })) };
}

const Checkout = z.object({
  id: IdField.nullish(),
  token: z.string().trim().min(1).nullish(),
  email: z.string().nullish(),
  customer: ShopifyCustomer.nullish(),
  created_at: TimeField.nullish(),
  updated_at: TimeField.nullish(),
  completed_at: z.string().nullish(),
  currency: CurrencyField.nullish(),
  presentment_currency: CurrencyField.nullish(),
  total_price: AmountField,
  abandoned_checkout_url: z.string().nullish(),
});

/**
 * A checkout's value and its recovery link. Checkout prices are in the presentment currency (what
 * the buyer saw), which is also what a reminder mail must quote. A guest checkout is keyed by its
 * email; one with neither customer nor email identifies nobody and maps to nothing.
 */
export function mapCheckout(d: Delivery, body: unknown): Mapped {
  const parsed = Checkout.safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  const c = parsed.data;
  const warnings: string[] = [];
  const checkoutId = c.token ?? c.id;
  if (!checkoutId) return { kind: "invalid", issues: [{ path: "token", message: "required" }] };
  const currency = c.presentment_currency ?? c.currency;
  if (!currency) return { kind: "invalid", issues: [{ path: "presentment_currency", message: "required" }] };
  const customer = c.customer
    ? customerIdentity(c.customer, warnings, c.email)
    : customerOf({ email: c.email });
  if (!customer) return emit([], ["checkout without customer or email: nothing to map"]);
  const url = WebUrl.safeParse(c.abandoned_checkout_url ?? undefined);
  return emit(
    [
      {
        id: `shopify:checkout:${checkoutId}:${c.updated_at ?? d.deliveryId}`,
        shop: d.shop,
        type: "checkout.updated",
        occurredAt: c.updated_at ?? c.created_at ?? fallbackTime(d),
        customer,
        data: {
          checkoutId,
          total: { amount: c.total_price, currency },
          completed: Boolean(c.completed_at),
          ...(url.success ? { url: url.data } : {}),
        },
      },
    ],
    warnings,
  );
}

/** Cart webhooks carry a token and lines but no customer or email: nothing to attribute them to. */
export function mapCart(_d: Delivery, body: unknown): Mapped {
  const parsed = z.object({ token: z.string().nullish(), id: z.string().nullish() }).safeParse(body);
  if (!parsed.success) return invalid(parsed.error);
  return emit([]);
}
