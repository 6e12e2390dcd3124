/**
 * pruning/phase-transition/average-curve: pruning curves of several trials averaged on the control parameter
 * x = n - h_T (method spec §4 step 5 and §5.6), the order-parameter curve a plot draws per N1.
 */
import { fail } from '../errors';
import { mean, stdDdof0 } from '@spectral-ts/statistics';
import type { AveragedCurvePoint, CurvePoint } from '../types';

/**
 * Mean and std (ddof 0) of deltaMse over trials at each x = kept - teacherSize, ascending in x. A trial that has
 * several points at one kept count (cutoffs that keep the same nodes) contributes that kept count once: the points
 * are the same masked network. `n` counts the trials that reach x.
 */
export function averageCurves(curves: readonly (readonly CurvePoint[])[], teacherSize: number): AveragedCurvePoint[] {
  if (!(Number.isInteger(teacherSize) && teacherSize > 0))
    fail('averageCurves', `teacherSize must be a positive integer (h_T), got ${teacherSize}`);
  const byX = new Map<number, number[]>();
  for (const curve of curves) {
    const seen = new Set<number>();
    for (const p of curve) {
      if (seen.has(p.kept)) continue;
      seen.add(p.kept);
      if (!Number.isFinite(p.deltaMse)) fail('averageCurves', `a curve has deltaMse ${p.deltaMse} at kept = ${p.kept}`);
      const x = p.kept - teacherSize;
      const list = byX.get(x) ?? [];
      list.push(p.deltaMse);
      byX.set(x, list);
    }
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, values]) => ({ x, mean: mean(values), std: stdDdof0(values), n: values.length }));
}
