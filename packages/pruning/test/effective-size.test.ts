import {
  averageDimension,
  averageDimensionPerTrial,
  averageDimensionPooled,
  criticalSize,
  scoreHistogram,
  type CurvePoint,
} from '../src';

const curve = (deltas: number[]): CurvePoint[] =>
  deltas.map((d, m) => ({ kept: deltas.length - 1 - m, testMse: d, deltaMse: d }));

describe('average dimension', () => {
  it('counts scores >= 0.05 of the maximum (>=, not >)', () => {
    expect(averageDimension([1, 0.05, 0.0499, 0.5, 0])).toBe(3);
    expect(averageDimension([10, 0.5, 0.4], { max: 20 })).toBe(1);
  });

  it('pooled and per-trial maxima differ when trial maxima differ', () => {
    // trial A max 10 (pooled max), trial B max 1: B's 0.3 is >= 0.05 * 1 but not >= 0.05 * 10
    const trials = [
      [10, 1, 0.1],
      [1, 0.3, 0.01],
    ];
    // pooled threshold 0.5: A counts {10, 1} = 2, B counts {1} = 1
    expect(averageDimensionPooled(trials)).toEqual({ mean: 1.5, std: 0.5, n: 2 });
    // per-trial thresholds 0.5 and 0.05: A counts 2, B counts {1, 0.3} = 2
    expect(averageDimensionPerTrial(trials)).toEqual({ mean: 2, std: 0, n: 2 });
  });

  it('a dead layer is an error, not a NaN', () => {
    expect(() => averageDimension([0, 0])).toThrow(/^pruning\/averageDimension: the maximum score is 0/);
  });
});

describe('critical size n*', () => {
  it('is the smallest n from which on deltaMse stays below the tolerance', () => {
    // kept:        6  5  4     3     2    1    0
    const c = curve([0, 0, 0.001, 0.02, 0.5, 0.9, 1]);
    expect(criticalSize(c, 0.01)).toBe(4);
    expect(criticalSize(c, 0.03)).toBe(3);
    expect(criticalSize(c, 2)).toBe(0);
    expect(criticalSize(c, 1e-6)).toBe(5);
  });

  it('a bump above a quiet stretch counts: deltaMse must stay below for every larger n', () => {
    //            kept: 5  4    3  2  1    0
    const c = curve([0, 0.5, 0, 0, 0.9, 1]);
    expect(criticalSize(c, 0.1)).toBe(5);
  });

  it('rejects a non-positive tolerance and a curve with gaps', () => {
    expect(() => criticalSize(curve([0, 1]), 0)).toThrow(/^pruning\/criticalSize: tolerance must be a positive number/);
    expect(() =>
      criticalSize(
        [
          { kept: 3, testMse: 0, deltaMse: 0 },
          { kept: 1, testMse: 0, deltaMse: 0 },
        ],
        0.1,
      ),
    ).toThrow(/skips from kept = 3 to 1/);
  });
});

describe('score histogram', () => {
  it('normalises by the pooled maximum, 20 bins of 0.05, percent; the maximum lands in the last bin', () => {
    const h = scoreHistogram([
      [10, 0.2],
      [5, 0.7],
    ]);
    expect(h.binEdges).toHaveLength(21);
    expect(h.binEdges[1]).toBeCloseTo(0.05, 15);
    expect(h.percent[19]).toBe(25); // 10/10
    expect(h.percent[10]).toBe(25); // 5/10
    expect(h.percent[0]).toBe(25); // 0.02
    expect(h.percent[1]).toBe(25); // 0.07
    expect(h.percent.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 12);
  });
});
