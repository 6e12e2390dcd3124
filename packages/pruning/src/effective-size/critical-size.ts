/**
 * pruning/effective-size/critical-size: n*, the smallest kept count from which on deltaMse stays below a tolerance
 * (the sharp effective-size estimator, method spec §9.3), read off a rank curve.
 */
import type { Dataset } from '@spectral-ts/teacher-student';
import { labelVariance } from '@spectral-ts/teacher-student';
import { fail } from '../errors';
import type { CurvePoint } from '../types';

/** Default tolerance as a fraction of the test-label variance (method spec §9.6: deltaMse <= 0.01 Var(y)). */
export const DEFAULT_TOLERANCE_FRACTION = 0.01;

/** The default tolerance for a test set: 1% of its label variance. */
export function defaultTolerance(data: Dataset): number {
  const v = labelVariance(data);
  if (!(v > 0)) fail('defaultTolerance', `the test labels have variance ${v}; pass an explicit tolerance`);
  return DEFAULT_TOLERANCE_FRACTION * v;
}

/**
 * n* = min { n : deltaMse(n') < tolerance for every n' >= n } over a rank curve that has every n from N down to 0.
 * A curve that never exceeds the tolerance gives 0.
 */
export function criticalSize(rankPoints: readonly CurvePoint[], tolerance: number): number {
  if (!(tolerance > 0 && Number.isFinite(tolerance)))
    fail('criticalSize', `tolerance must be a positive number, got ${tolerance}`);
  if (rankPoints.length === 0) fail('criticalSize', 'the rank curve is empty');
  const sorted = [...rankPoints].sort((a, b) => b.kept - a.kept);
  sorted.forEach((p, i) => {
    if (i > 0 && p.kept !== sorted[i - 1].kept - 1)
      fail(
        'criticalSize',
        `the rank curve skips from kept = ${sorted[i - 1].kept} to ${p.kept} (pass a full rank curve)`,
      );
    if (!Number.isFinite(p.deltaMse)) fail('criticalSize', `deltaMse at kept = ${p.kept} is ${p.deltaMse}`);
  });
  let nStar = sorted[0].kept;
  for (const p of sorted) {
    if (p.deltaMse >= tolerance) break;
    nStar = p.kept;
  }
  // The intact network (deltaMse = 0) is always below tolerance, so n* <= N; if even it is not, n* is N.
  return nStar;
}
