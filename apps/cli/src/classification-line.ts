/**
 * cli/classification-line: the line `spectral run` prints for a classification group at the end of a run: its test
 * accuracy and, per ranking, its accuracy with half the nodes removed (mean over trials).
 */
import type { GroupSummary } from '@spectral-ts/results';

export function classificationLine(g: GroupSummary): string {
  const c = g.classification!;
  const acc = (s: { mean: number; n: number }) => (s.n ? s.mean.toFixed(3) : '-');
  const half = c.accuracyCurves
    .filter((a) => a.atHalf)
    .map((a) => `${a.ranking} ${acc(a.atHalf!.accuracy)}`)
    .join(', ');
  const failed = g.failed ? `, ${g.failed} failed` : '';
  const head = `  ${c.dataset} ${g.variant.padEnd(9)} N1 ${String(g.hidden).padStart(4)}`;
  return `${head}: test accuracy ${acc(c.testAccuracy)}${half ? `; 50% removed: ${half}` : ''}${failed}`;
}
