import type { CampaignInput } from "../definition";
import { couponFollowUp } from "./coupon-followup";
import { crossSell } from "./cross-sell";
import { newsletter, newsletterResend } from "./newsletter";
import { onboardingTips } from "./onboarding";
import { postPurchaseReassurance } from "./post-purchase";
import { welcome } from "./welcome";

/** Issue 5's day-one campaigns that need neither the survey flow nor customer intelligence. */
export const DAY_ONE_CAMPAIGNS: CampaignInput[] = [
  welcome,
  postPurchaseReassurance,
  ...onboardingTips,
  couponFollowUp,
  newsletter,
  newsletterResend,
  crossSell,
];
