import type { CampaignInput } from "../definition";
import { couponFollowUp } from "./coupon-followup";
import { crossSell } from "./cross-sell";
import { newsletter, newsletterResend } from "./newsletter";
import { onboardingTips } from "./onboarding";
import { postPurchaseReassurance } from "./post-purchase";
import { SURVEY_CAMPAIGNS } from "./survey";
import { welcome } from "./welcome";

/** Issue 5's day-one campaigns that need no customer intelligence (the survey brings its own page). */
export const DAY_ONE_CAMPAIGNS: CampaignInput[] = [
  welcome,
  postPurchaseReassurance,
  ...onboardingTips,
  couponFollowUp,
  newsletter,
  newsletterResend,
  crossSell,
  ...SURVEY_CAMPAIGNS,
];
