import type { CampaignInput } from "../definition";
import { couponFollowUp } from "./coupon-followup";
import { crossSell } from "./cross-sell";
import { newsletter, newsletterResend } from "./newsletter";
import { onboardingTips } from "./onboarding";
import { postPurchaseReassurance } from "./post-purchase";
import { reactivation, reactivationReminder } from "./reactivation";
import { replenishment } from "./replenishment";
import { SURVEY_CAMPAIGNS } from "./survey";
import { welcome } from "./welcome";

/**
 * Issue 5's day-one campaigns (reactivation and replenishment start on the churn sweep's events;
 * the survey brings its own page).
 */
export const DAY_ONE_CAMPAIGNS: CampaignInput[] = [
  welcome,
  postPurchaseReassurance,
  ...onboardingTips,
  couponFollowUp,
  newsletter,
  newsletterResend,
  crossSell,
  reactivation,
  reactivationReminder,
  replenishment,
  ...SURVEY_CAMPAIGNS,
];
