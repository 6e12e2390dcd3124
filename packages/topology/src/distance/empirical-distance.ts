/**
 * topology/empiricalDistance: exact Kolmogorov-Smirnov statistic and Wasserstein-1 distance between two empirical
 * distributions (every sample weighs 1 / n), from one merge of the two sorted samples.
 */
import { fail } from '../errors';
import type { DistributionDistance } from '../types';

function sortedCopy(fn: string, name: string, values: ArrayLike<number>): Float64Array {
  if (values.length === 0) fail(fn, `${name} is empty (a distribution needs at least one value)`);
  const out = Float64Array.from(values);
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) fail(fn, `${name}[${i}] is ${out[i]} (distances need finite values)`);
  }
  return out.sort();
}

/**
 * Walks the distinct values of two ascending samples in order and calls visit(x, Fa(x-), Fb(x-)) with the two
 * empirical CDFs just below x, then advances past x; finally calls visit(Infinity, 1, 1).
 */
function mergeWalk(a: Float64Array, b: Float64Array, visit: (x: number, fa: number, fb: number) => void): void {
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const x = j >= m || (i < n && a[i] <= b[j]) ? a[i] : b[j];
    visit(x, i / n, j / m);
    while (i < n && a[i] <= x) i++;
    while (j < m && b[j] <= x) j++;
  }
  visit(Infinity, 1, 1);
}

/** Kolmogorov-Smirnov statistic sup_x |F_a(x) - F_b(x)|, in [0, 1]. */
export function ksStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = sortedCopy('ksStatistic', 'a', a);
  const sb = sortedCopy('ksStatistic', 'b', b);
  let d = 0;
  // The CDFs are right-continuous step functions, so the supremum is attained just after a jump: the value "below the
  // next point" seen by the walk is the value at the previous one.
  mergeWalk(sa, sb, (_x, fa, fb) => {
    d = Math.max(d, Math.abs(fa - fb));
  });
  return d;
}

/** Wasserstein-1 (earth mover's) distance: the integral of |F_a(x) - F_b(x)| over x. */
export function wasserstein1(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const sa = sortedCopy('wasserstein1', 'a', a);
  const sb = sortedCopy('wasserstein1', 'b', b);
  let w = 0;
  let prev = NaN;
  mergeWalk(sa, sb, (x, fa, fb) => {
    if (Number.isFinite(x) && !Number.isNaN(prev)) w += Math.abs(fa - fb) * (x - prev);
    prev = x;
  });
  return w;
}

/** Both distances at once. */
export function distributionDistance(a: ArrayLike<number>, b: ArrayLike<number>): DistributionDistance {
  return { wasserstein1: wasserstein1(a, b), ks: ksStatistic(a, b) };
}
