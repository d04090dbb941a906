import { createHash } from "node:crypto";
import type { Campaign } from "./definition";

/** The share of customers each campaign keeps as its control group unless it says otherwise. */
export const DEFAULT_HOLDOUT = 0.1;

/**
 * The control-group share that applies to a campaign: transactional mail is never held back (an
 * order confirmation is not an experiment), an operator override (`CAMPAIGN_HOLDOUT`, 0 in the
 * local test host) wins over the definition, and the definition over the default.
 */
export function holdoutShare(campaign: Pick<Campaign, "priority" | "holdout">, override?: number): number {
  if (campaign.priority === "transactional") return 0;
  return override ?? campaign.holdout ?? DEFAULT_HOLDOUT;
}

/**
 * Whether a customer is in a campaign's control group. A hash of campaign id and customer key, not
 * a random draw, so the same customer is in the same group on every trigger, every retry and in
 * both hosts, and the report can tell the groups apart without storing the assignment anywhere.
 */
export function inHoldout(campaignId: string, customerKey: string, share: number): boolean {
  if (share <= 0) return false;
  const digest = createHash("sha256").update(`${campaignId}|${customerKey}`).digest();
  // The first 32 bits as a uniform number in [0, 1).
  return digest.readUInt32BE(0) / 2 ** 32 < share;
}
