/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative,
 * ties counting one half (Mann-Whitney U with mid-ranks). Binary rules such as "no order for 90
 * days" get a fair AUC this way, without an arbitrary tie-break helping or hurting them.
 */
export function auc(scores: readonly number[], positive: readonly boolean[]): number {
  if (scores.length !== positive.length) throw new RangeError("scores and labels differ in length");
  const order = scores.map((_, i) => i).sort((i, j) => (scores[i] ?? 0) - (scores[j] ?? 0));
  let rankSumPositive = 0;
  let positives = 0;
  let k = 0;
  while (k < order.length) {
    let end = k;
    const value = scores[order[k] ?? 0];
    while (end + 1 < order.length && scores[order[end + 1] ?? 0] === value) end++;
    const midRank = (k + end) / 2 + 1;
    for (let j = k; j <= end; j++) {
      if (positive[order[j] ?? 0]) {
        rankSumPositive += midRank;
        positives++;
      }
    }
    k = end + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}
