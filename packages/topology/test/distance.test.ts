import { createRng } from '@spectral-ts/teacher-student';
import { distributionDistance, ksStatistic, wasserstein1 } from '../src';

describe('ksStatistic and wasserstein1', () => {
  it('match hand-computed values on tiny samples', () => {
    // F_a jumps 1/2 at 0 and 1, F_b jumps 1 at 0.5: |F_a - F_b| = 1/2 on [0, 1).
    expect(ksStatistic([0, 1], [0.5])).toBe(0.5);
    expect(wasserstein1([0, 1], [0.5])).toBe(0.5);
    // a = {1,2,3}, b = {2,4}: |F_a - F_b| = 1/3 on [1,2), 1/6 on [2,3), 1/2 on [3,4).
    expect(ksStatistic([3, 1, 2], [4, 2])).toBeCloseTo(0.5, 15);
    expect(wasserstein1([3, 1, 2], [4, 2])).toBeCloseTo(1 / 3 + 1 / 6 + 1 / 2, 15);
    // Ties across samples: F_a(0) = 2/3, F_b(0) = 1/3, both 1 from x = 1 on.
    expect(ksStatistic([0, 0, 1], [0, 1, 1])).toBeCloseTo(1 / 3, 15);
    expect(wasserstein1([0, 0, 1], [0, 1, 1])).toBeCloseTo(1 / 3, 15);
  });

  it('are 0 for identical samples, symmetric, and 1 / the shift for disjoint shifted samples', () => {
    const rng = createRng(5);
    const a = Array.from({ length: 300 }, () => rng.normal());
    const b = Array.from({ length: 170 }, () => rng.normal() * 2 + 0.3);
    expect(distributionDistance(a, a.slice().reverse())).toEqual({ wasserstein1: 0, ks: 0 });
    expect(ksStatistic(a, b)).toBe(ksStatistic(b, a));
    expect(wasserstein1(a, b)).toBeCloseTo(wasserstein1(b, a), 12);
    const shifted = a.map((v) => v + 100);
    expect(ksStatistic(a, shifted)).toBe(1);
    expect(wasserstein1(a, shifted)).toBeCloseTo(100, 9);
  });

  it('W1 of equal-size samples equals the mean gap between sorted values; KS equals a brute-force scan', () => {
    const rng = createRng(9);
    const a = Array.from({ length: 200 }, () => rng.uniform());
    const b = Array.from({ length: 200 }, () => rng.uniform() ** 2);
    const sa = a.slice().sort((x, y) => x - y);
    const sb = b.slice().sort((x, y) => x - y);
    const meanGap = sa.reduce((s, v, i) => s + Math.abs(v - sb[i]), 0) / sa.length;
    expect(wasserstein1(a, b)).toBeCloseTo(meanGap, 12);
    const cdf = (xs: number[], t: number): number => xs.filter((v) => v <= t).length / xs.length;
    const c = b.slice(0, 77);
    const brute = Math.max(...[...a, ...c].map((t) => Math.abs(cdf(a, t) - cdf(c, t))));
    expect(ksStatistic(a, c)).toBeCloseTo(brute, 15);
  });

  it('refuses empty samples and NaN with a named error', () => {
    expect(() => ksStatistic([], [1])).toThrow(/topology\/ksStatistic: a is empty/);
    expect(() => wasserstein1([1, NaN], [1])).toThrow(/topology\/wasserstein1: a\[1\] is NaN/);
  });
});
