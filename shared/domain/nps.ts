/**
 * Net Promoter Score: "How likely is it that you would recommend us?" on 0-10. Promoters answer
 * 9-10, passives 7-8, detractors 0-6; the score is the share of promoters minus the share of
 * detractors, in points from -100 to +100.
 */
export type NpsGroup = "promoter" | "passive" | "detractor";

export function npsGroup(score: number): NpsGroup {
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

export interface NpsSummary {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** Rounded to whole points; null without a single answer (0 would claim a neutral shop). */
  nps: number | null;
  /** How many answered each score, index 0-10. */
  distribution: number[];
}

/** The NPS of a set of answers (the report passes each customer's latest answer). */
export function netPromoterScore(scores: readonly number[]): NpsSummary {
  const distribution = Array.from({ length: 11 }, () => 0);
  const counts: Record<NpsGroup, number> = { promoter: 0, passive: 0, detractor: 0 };
  let responses = 0;
  for (const score of scores) {
    if (!Number.isInteger(score) || score < 0 || score > 10) continue;
    distribution[score] = (distribution[score] ?? 0) + 1;
    counts[npsGroup(score)]++;
    responses++;
  }
  return {
    responses,
    promoters: counts.promoter,
    passives: counts.passive,
    detractors: counts.detractor,
    // Integer arithmetic before the one division, so 1/3 - 1/3 is exactly 0.
    nps: responses === 0 ? null : Math.round((100 * (counts.promoter - counts.detractor)) / responses),
    distribution,
  };
}
