import { histogramRows, strengthHistograms } from '../src/strength-histogram';

// The binning, range normalisation and lattice range themselves are topology's (tested there); these tests cover what
// the report adds: one shared bin range on the 0.1 lattice for every set of the figure, and the rows Vega-Lite draws.
describe('strength histograms of the in-strength figure', () => {
  it('divides each set by its own range and counts both on the same bins, in percent', () => {
    // set a: range 10 -> 0, 0.05, 0.15, 1; set b: range 2 -> -0.5, 0.5 (each set by its own range, method spec §5.5)
    const [a, b] = strengthHistograms([
      [0, 0.5, 1.5, 10],
      [-1, 1],
    ])!;
    expect(a.binEdges).toEqual(b.binEdges);
    const rows = (h: typeof a): Record<string, number> =>
      Object.fromEntries(
        histogramRows(h)
          .filter((r) => r.percent > 0)
          .map((r) => [r.x, r.percent]),
      );
    expect(rows(a)).toEqual({ 0.05: 50, 0.15: 25, 1.05: 25 });
    expect(rows(b)).toEqual({ '-0.45': 50, 0.55: 50 });
    // every bin of the shared range is listed, empty ones at 0, so the step lines drop to 0 between peaks
    const centres = histogramRows(a).map((r) => r.x);
    expect(centres[0]).toBe(-0.55);
    expect(centres[centres.length - 1]).toBe(1.05);
    expect(centres.length).toBe(17);
    expect(histogramRows(a).reduce((s, r) => s + r.percent, 0)).toBeCloseTo(100, 12);
  });

  it('is undefined without values and gives an empty set zero percents next to others', () => {
    expect(strengthHistograms([[], []])).toBeUndefined();
    const [empty, full] = strengthHistograms([[], [1, 3]])!;
    expect(empty.percent.every((p) => p === 0)).toBe(true);
    expect(full.percent.reduce((s, p) => s + p, 0)).toBeCloseTo(100, 12);
  });
});
