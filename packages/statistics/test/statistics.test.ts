import {
  bootstrapInterval,
  createRng,
  EMPTY_STAT,
  histogram,
  latticeRange,
  meanStd,
  meanStdOrEmpty,
  rangeStat,
  statWithInterval,
} from '../src';

describe('meanStd', () => {
  it('gives the mean and the ddof-0 standard deviation, for arrays and typed arrays', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population variance 32 / 8 = 4 (the sample variance would be 32 / 7)
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    for (const v of [values, Float64Array.from(values)]) {
      const s = meanStd(v);
      expect(s.mean).toBeCloseTo(5, 12);
      expect(s.std).toBeCloseTo(2, 12);
      expect(s.n).toBe(8);
    }
  });

  it('names the caller in its errors instead of returning NaN', () => {
    expect(() => meanStd([])).toThrow(/^statistics\/meanStd: no values/);
    expect(() => meanStd([1, Infinity], 'topology/stat')).toThrow(/^topology\/stat: value 1 is Infinity/);
  });

  it('marks an empty set with n = 0 where a summary needs a row anyway', () => {
    expect(meanStdOrEmpty([])).toEqual(EMPTY_STAT);
    expect(meanStdOrEmpty([1, 3])).toEqual({ mean: 2, std: 1, n: 2 });
    expect(() => meanStdOrEmpty([NaN], 'results/stat')).toThrow(/^results\/stat: value 0 is NaN/);
  });

  it('adds min and max, and gives zeros for an empty set', () => {
    expect(rangeStat([3, -1, 4])).toEqual({ mean: 2, std: Math.sqrt(14 / 3), n: 3, min: -1, max: 4 });
    expect(rangeStat([])).toEqual({ mean: 0, std: 0, n: 0, min: 0, max: 0 });
  });
});

describe('bootstrap', () => {
  const rng = createRng(5);
  const values = Array.from({ length: 30 }, () => 20 + 2 * rng.normal());
  const meanOf = (s: number[]) => s.reduce((a, b) => a + b, 0) / s.length;

  it('the interval of the mean contains the mean and is about +-1.96 sigma / sqrt(n) wide', () => {
    const s = statWithInterval(values);
    expect(s.ci[0]).toBeLessThan(s.mean);
    expect(s.ci[1]).toBeGreaterThan(s.mean);
    const halfWidth = (s.ci[1] - s.ci[0]) / 2;
    const expected = (1.96 * s.std) / Math.sqrt(values.length);
    expect(halfWidth).toBeGreaterThan(0.8 * expected);
    expect(halfWidth).toBeLessThan(1.2 * expected);
    expect(s.level).toBe(0.95);
  });

  it('is reproducible from its seed alone: the caller named in errors does not enter the stream', () => {
    const a = bootstrapInterval(values, meanOf, { seed: 3, where: 'pruning/summarizePruning' });
    const b = bootstrapInterval(values, meanOf, { seed: 3, where: 'results/summarize' });
    expect(a).toEqual(b);
    expect(a).not.toEqual(bootstrapInterval(values, meanOf, { seed: 4 }));
    expect(statWithInterval(values).ci).toEqual(bootstrapInterval(values, meanOf, { seed: 0 }));
  });

  it('draws resample indices from createRng(seed)', () => {
    // 2 items, 10 resamples: resample b's mean is the mean of the items at the 2b-th and (2b+1)-th draw of int(2).
    const items = [0, 1];
    const draws = createRng(7);
    const means = Array.from({ length: 10 }, () => (items[draws.int(2)] + items[draws.int(2)]) / 2).sort(
      (x, y) => x - y,
    );
    const [lo, hi] = bootstrapInterval(items, meanOf, { seed: 7, resamples: 10, level: 0.5 });
    // quantiles 0.25 and 0.75 of 10 sorted values, linear between order statistics
    expect(lo).toBeCloseTo(means[2] + 0.25 * (means[3] - means[2]), 15);
    expect(hi).toBeCloseTo(means[6] + 0.75 * (means[7] - means[6]), 15);
  });

  it('collapses to the value for one trial', () => {
    expect(statWithInterval([7])).toEqual({ mean: 7, std: 0, n: 1, ci: [7, 7], level: 0.95 });
  });

  it('refuses an empty input, a bad level, too few resamples and a fractional seed, naming the caller', () => {
    expect(() => statWithInterval([], { where: 'pruning/summarizePruning' })).toThrow(
      /^pruning\/summarizePruning: no values/,
    );
    expect(() => bootstrapInterval([1, 2], () => 1, { level: 1 })).toThrow(
      /^statistics\/bootstrapInterval: level 1 is outside/,
    );
    expect(() => bootstrapInterval([1, 2], () => 1, { resamples: 5 })).toThrow(/resamples must be an integer >= 10/);
    expect(() => bootstrapInterval([1, 2], () => 1, { seed: 0.5 })).toThrow(/seed must be an integer/);
    expect(() => bootstrapInterval([1, 2], () => NaN, { where: 'pruning/estimateExponent' })).toThrow(
      /^pruning\/estimateExponent: only 0 of 2000 resamples/,
    );
  });
});

describe('histogram', () => {
  it('bins by width on a given range, the upper edge in the last bin, in counts and percent', () => {
    const h = histogram([0, 0.05, 0.1, 0.15, 0.35, 1], { binWidth: 0.1, range: [0, 1] });
    expect(h.binEdges).toHaveLength(11);
    expect(h.counts).toEqual([2, 2, 0, 1, 0, 0, 0, 0, 0, 1]);
    expect(h.percent[0]).toBeCloseTo(100 / 3, 12);
  });

  it('with a bin count on [0, 1] has edges k / bins exactly and puts v in bin floor(v * bins)', () => {
    const h = histogram([0, 0.15, 0.5, 0.999, 1], { bins: 20, range: [0, 1] });
    expect(h.binEdges).toEqual(Array.from({ length: 21 }, (_, k) => k / 20));
    expect(h.counts[3]).toBe(1); // 0.15 * 20 = 3 (0.15 / 0.05 would round down to 2)
    expect(h.counts[10]).toBe(1);
    expect(h.counts[19]).toBe(2);
    expect(h.percent.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 12);
  });

  it('covers [min, max] by default and gives zero percents for no value', () => {
    const h = histogram([2, 4], { bins: 2 });
    expect(h.binEdges).toEqual([2, 3, 4]);
    expect(h.counts).toEqual([1, 1]);
    expect(histogram([], { bins: 4 }).percent).toEqual([0, 0, 0, 0]);
    expect(() => histogram([1, NaN])).toThrow(/^statistics\/histogram: value 1 is NaN/);
  });

  it('shares one 0.1-lattice range across sets, widened by a bin where a value lies on the lattice', () => {
    // 0 and 1 lie on the lattice, so the range gains a bin on both sides: [-0.1, 1.1]
    const [lo, hi] = latticeRange([[0, 0.35], [1]], 0.1)!;
    expect(lo).toBeCloseTo(-0.1, 12);
    expect(hi).toBeCloseTo(1.1, 12);
    const [lo2, hi2] = latticeRange([[-0.25], [0.42]], 0.1)!;
    expect(lo2).toBeCloseTo(-0.3, 12);
    expect(hi2).toBeCloseTo(0.5, 12);
    expect(latticeRange([[], []], 0.1)).toBeUndefined();
    expect(() => latticeRange([[1]], 0)).toThrow(/^statistics\/latticeRange: width must be > 0/);
  });
});
