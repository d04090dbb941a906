/**
 * The survey and referral settings a shop changes (campaigns are code: change them here, reviewed
 * and tested like code). Read by the survey campaigns (./survey.ts) and by the survey follow-up
 * function, which puts the reward into `referral.rewarded`.
 */

/** Where promoters are invited to review the shop (your Trusted Shops, Google or shop review page). */
export const REVIEW_URL = "https://www.example.com/reviews";

/**
 * The coupon each side of a referral gets (the referrer and the new customer), by the currency of
 * the new customer's first order; an order in another currency gets the EUR amount. The shop
 * issues the coupons when it receives `referral.rewarded`; Stammkunde creates none in the shop.
 */
export const REFERRAL_REWARD: Readonly<Record<string, string>> = {
  EUR: "10.00",
  CHF: "10.00",
  GBP: "10.00",
  USD: "10.00",
};

/** The reward in the promoter mail's words (keep it equal to REFERRAL_REWARD). */
export const REFERRAL_REWARD_TEXT = { de: "10 €", en: "€10" };

/** The coupon for an order in `currency`. */
export function referralReward(currency: string): { amount: string; currency: string } {
  const amount = REFERRAL_REWARD[currency];
  return amount !== undefined
    ? { amount, currency }
    : { amount: REFERRAL_REWARD.EUR ?? "10.00", currency: "EUR" };
}
