import { createHash } from "node:crypto";
import { referralReward } from "../../shared/campaigns/playbook/survey-settings";
import { detractorEventId, isFollowUp } from "../../shared/domain/follow-up";
import { customerKeyOf } from "../../shared/domain/identity";
import { npsGroup } from "../../shared/domain/nps";
import { factNames, foldEvent, type OrderFact, type ProfileState } from "../../shared/domain/profile";
import { viewProfile } from "../../shared/domain/profile-view";
import { CanonicalEvent, type EventOf } from "../../shared/events/catalog";
import { EVENT_SOURCE } from "../../shared/events/routing";
import { type EventBus, toBusEvent } from "../../shared/messaging/event-bus";
import type { ProfileStore } from "../../shared/persistence/profile-store";
import type { ReferralCodes } from "../../shared/persistence/survey-store";
import { normaliseReferralCode } from "../../shared/surveys/referral-code";

export interface FollowUpDeps {
  profiles: Pick<ProfileStore, "load">;
  referrals: ReferralCodes;
  bus: EventBus;
  /** The customer's referral code, as the promoter mail shows it (shared/surveys/referral-code.ts). */
  codeOf: (shop: string, customerKey: string) => string;
}

export type FollowUpOutcome =
  | "detractor"
  | "passive"
  | "referral-registered"
  | "no-referral-code"
  | "self-referral"
  | "not-first-order"
  | "unknown-referrer"
  | "rewarded"
  | "no-profile"
  | "ignored";

/**
 * What follows a survey answer besides the mails (those are campaigns: shared/campaigns/playbook/survey.ts):
 * - 0-6: `customer.detractor` for the service team (whatever sent the answer: our page or a shop's
 *   own survey through POST /events), with an id derived from the answer's, so it counts once;
 * - 9-10: the promoter's referral code is registered, so an order that uses it finds its owner;
 * - an order with a registered code that is the new customer's first order (no earlier order on
 *   their profile; not the owner, not the owner's address) publishes one `referral.rewarded` per
 *   new customer, carrying both customers and the coupon each gets. Everything is idempotent:
 *   registering twice keeps the first, and the reward's id is derived from the new customer.
 * An answer through our survey link is a follow-up (shared/domain/follow-up.ts): for a customer
 * without a profile (erased after answering) it writes and publishes nothing (`no-profile`). The
 * code is registered in one transaction with the check that the profile exists; the detractor
 * event, published after a read, carries the answer's marks, so should the erase land in between
 * it is a follow-up too and starts no journey. A shop's own answer may create a profile (the
 * profile writer folds it in), so it is followed up whether or not the profile is there yet.
 */
export async function followUpSurvey(event: CanonicalEvent, deps: FollowUpDeps): Promise<FollowUpOutcome> {
  if (event.type === "survey.answered") return followUpAnswer(event, deps);
  if (event.type === "order.placed") return rewardReferral(event, deps);
  return "ignored";
}

async function followUpAnswer(event: EventOf<"survey.answered">, deps: FollowUpDeps) {
  const group = npsGroup(event.data.score);
  const customerKey = customerKeyOf(event.customer);
  const followUp = isFollowUp(event);
  if (group === "detractor") {
    if (followUp && !(await deps.referrals.customerOnFile(event.shop, customerKey))) return "no-profile";
    // Our link's mark travels on only with an answer that carries both marks: a shop's own answer
    // that happens to name our source must not make its detractor event a follow-up.
    const { source, ...data } = event.data;
    await publish(deps, {
      id: detractorEventId(event.id),
      shop: event.shop,
      type: "customer.detractor",
      occurredAt: event.occurredAt,
      customer: event.customer,
      data: followUp && source !== undefined ? { ...data, source } : data,
    });
    return "detractor";
  }
  if (group === "passive") return "passive";
  const code = normaliseReferralCode(deps.codeOf(event.shop, customerKey));
  if (!code) throw new Error("a derived referral code does not read as one");
  const registered = await deps.referrals.register(event.shop, customerKey, code, event.occurredAt, {
    mustExist: followUp,
  });
  return registered === "registered" ? "referral-registered" : "no-profile";
}

async function rewardReferral(event: EventOf<"order.placed">, deps: FollowUpDeps): Promise<FollowUpOutcome> {
  // Each code (normalised) with the spelling the customer used.
  const used = new Map<string, string>();
  for (const c of event.data.coupons) {
    const code = normaliseReferralCode(c);
    if (code && !used.has(code)) used.set(code, c);
  }
  const refereeKey = customerKeyOf(event.customer);
  let found: { code: string; used: string; owner: string } | undefined;
  let ownCode = false;
  for (const [code, spelling] of used) {
    const owner = await deps.referrals.ownerOf(event.shop, code);
    // The buyer's own code does not count, but another code on the same order still may.
    if (owner === refereeKey) ownCode = true;
    else if (owner) {
      found = { code, used: spelling, owner };
      break;
    }
  }
  if (!found) return ownCode ? "self-referral" : "no-referral-code";

  // The order is folded in, so it counts whether or not the profile writer has applied it yet.
  const referee = foldEvent(
    (await deps.profiles.load(event.shop, refereeKey, { consistent: true }))?.state,
    event,
  ).state;
  if (hasEarlierOrder(referee, event)) return "not-first-order";
  const referrer = await deps.profiles.load(event.shop, found.owner, { consistent: true });
  if (!referrer) return "unknown-referrer";
  const referrerEmail = viewProfile(referrer.state).email;
  const refereeEmail = viewProfile(referee).email;
  if (refereeEmail !== null && refereeEmail === referrerEmail) return "self-referral";
  const referrerCustomer = found.owner.startsWith("id:")
    ? { id: found.owner.slice(3) }
    : referrerEmail
      ? { email: referrerEmail }
      : undefined;
  if (!referrerCustomer) return "unknown-referrer";

  await publish(deps, {
    // One reward per new customer, however often (or with however many orders) it is claimed.
    id: `referral:${createHash("sha256").update(`${event.shop}|${refereeKey}`).digest("hex").slice(0, 32)}`,
    shop: event.shop,
    type: "referral.rewarded",
    occurredAt: event.occurredAt,
    customer: referrerCustomer,
    data: {
      code: found.used,
      orderId: event.data.orderId,
      referee: event.customer.id !== undefined ? { id: event.customer.id } : { email: event.customer.email },
      coupon: { amount: referralReward(event.data.total.currency) },
    },
  });
  return "rewarded";
}

/** Any other order placed before this one (refunded or not): then this is not a first order. */
function hasEarlierOrder(state: ProfileState, event: EventOf<"order.placed">): boolean {
  return Object.entries(state.facts).some(
    ([name, fact]) =>
      name.startsWith("o:") &&
      name !== factNames.order(event.data.orderId) &&
      (fact as OrderFact).at < event.occurredAt,
  );
}

async function publish(deps: FollowUpDeps, candidate: unknown): Promise<void> {
  // Parsed like any inbound event: what goes on the bus fits the catalog.
  const event = CanonicalEvent.parse(candidate);
  await deps.bus.publish([toBusEvent(event, EVENT_SOURCE)]);
}
