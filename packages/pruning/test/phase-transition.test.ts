import { createRng } from '@spectral-ts/teacher-student';
import {
  analyzePruning,
  averageCurves,
  estimateExponent,
  fitExponential,
  linearFit,
  normalizeCurve,
  studentCollapse,
  summarizePhaseTransition,
  summarizePruning,
  teacherCollapse,
  type CurvePoint,
  type TrialPruning,
} from '../src';
import { gaussianData, studentFromTeacher, teacherNet } from './helpers';

/** A synthetic rank curve: deltaMse = amp * (hT - n)^beta * noise below hT, `floor` at and above. */
function powerCurve(
  n1: number,
  hT: number,
  beta: number,
  amp: number,
  noise: number,
  seed: number,
  floor = 1e-5,
): CurvePoint[] {
  const rng = createRng(seed);
  return Array.from({ length: n1 + 1 }, (_, m) => {
    const kept = n1 - m;
    const d = kept < hT ? amp * (hT - kept) ** beta * Math.exp(noise * rng.normal()) : floor * (kept === n1 ? 0 : 1);
    return { kept, testMse: d, deltaMse: d };
  });
}

const trialOf = (rankCurve: CurvePoint[]): TrialPruning => ({
  ranking: 'rescaled-eigenvalue',
  msePre: 0,
  cutoffCurve: [],
  rankCurve,
  effectiveSize: 0,
  tolerance: 0.01,
});

describe('fitExponential', () => {
  it('recovers a, b, c exactly from noise-free data', () => {
    const x = Array.from({ length: 21 }, (_, i) => -1 + i / 20);
    const y = x.map((v) => 0.05 * Math.exp(-3 * v) - 0.02);
    const f = fitExponential(x, y);
    expect(f.a).toBeCloseTo(0.05, 6);
    expect(f.b).toBeCloseTo(3, 5);
    expect(f.c).toBeCloseTo(-0.02, 6);
    expect(f.residual).toBeLessThan(1e-9);
  });

  it('recovers them from noisy data within the noise, with the residual near the noise level', () => {
    const rng = createRng(9);
    const x = Array.from({ length: 200 }, () => -rng.uniform());
    const y = x.map((v) => 0.8 * Math.exp(-1.5 * v) + 0.1 + 0.01 * rng.normal());
    const f = fitExponential(x, y);
    expect(Math.abs(f.a - 0.8)).toBeLessThan(0.05);
    expect(Math.abs(f.b - 1.5)).toBeLessThan(0.08);
    expect(Math.abs(f.c - 0.1)).toBeLessThan(0.05);
    expect(f.residual).toBeGreaterThan(0.008);
    expect(f.residual).toBeLessThan(0.012);
  });

  it('refuses too few points', () => {
    expect(() => fitExponential([0, 1, 2], [1, 2, 3])).toThrow(/^pruning\/fitExponential: 3 points/);
  });
});

describe('estimateExponent', () => {
  it('linearFit recovers a line', () => {
    const f = linearFit([1, 2, 3, 4], [3, 5, 7, 9]);
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
  });

  it('recovers a known beta from noisy power-law curves, with an interval that contains it', () => {
    const curves = Array.from({ length: 20 }, (_, t) => powerCurve(60, 20, 1.7, 0.01, 0.15, 100 + t));
    const e = estimateExponent(curves, 20, { resamples: 500 });
    expect(Math.abs(e.beta - 1.7)).toBeLessThan(0.1);
    expect(e.ci[0]).toBeLessThan(1.7);
    expect(e.ci[1]).toBeGreaterThan(1.7);
    expect(e.ci[1] - e.ci[0]).toBeLessThan(0.3);
    expect(e.distances).toEqual([1, 2, 3, 4, 5]); // default window: d = 1 .. round(20 / 4)
    expect(e.note).toMatch(/paper computes none/);
  });

  it('a window that reaches no positive point is an error', () => {
    const flat = [powerCurve(30, 20, 1, 0, 0, 1)];
    expect(() => estimateExponent(flat, 20)).toThrow(/^pruning\/estimateExponent: fewer than 2 distances/);
  });
});

describe('collapse', () => {
  const hT = 20;
  const group = (hidden: number, scale: number) => ({
    variant: 'spectral',
    teacherIndex: 0,
    teacherSize: hT,
    hidden,
    curve: averageCurves([powerCurve(hidden, hT, 1.5, 0.01 * scale, 0, 1)], hT),
  });

  it('spread across N1 is max / min of the means at each x below the transition', () => {
    const { points } = studentCollapse([group(40, 1), group(200, 2), group(500, 1.5), group(10, 100)]);
    expect(points.map((p) => p.x)).toEqual(Array.from({ length: 20 }, (_, i) => i - 20));
    for (const p of points) {
      expect(p.spread).toBeCloseTo(2, 10); // N1 = 10 < h_T takes no part
      expect(p.hiddenSizes).toEqual([40, 200, 500]);
    }
  });

  it('normalised curves of different teacher sizes collapse when deltaMse depends on n / h_T only', () => {
    const shape = (u: number) => Math.exp(-4 * u) - 1; // u = n / h_T - 1 in [-1, 0]
    const curveFor = (teacherIndex: number, size: number, amp: number) => {
      const points: CurvePoint[] = Array.from({ length: 3 * size + 1 }, (_, m) => {
        const kept = 3 * size - m;
        const u = kept / size - 1;
        const d = u < 0 ? amp * shape(u) : 0;
        return { kept, testMse: d, deltaMse: d };
      });
      return normalizeCurve({
        variant: 'spectral',
        teacherIndex,
        teacherSize: size,
        hidden: 3 * size,
        curve: averageCurves([points], size),
      })!;
    };
    const a = curveFor(0, 20, 1);
    const b = curveFor(1, 50, 7);
    expect(Math.max(...a.points.map((p) => p.y))).toBe(1);
    const tc = teacherCollapse([a, b]);
    expect(tc.length).toBe(20); // grid -1 .. -0.05
    // exact on shared grid points, linear interpolation error elsewhere
    for (const p of tc) expect(p.spread).toBeLessThan(1.1);
    expect(tc.find((p) => p.x === -0.5)!.spread).toBeCloseTo(1, 10);
    expect(tc[0].teacherSizes).toEqual([20, 50]);
  });
});

describe('summaries', () => {
  it('summarizePruning gives the GroupSummary pieces from trials', () => {
    const trials = [0, 1, 2].map((t) => ({
      scores: [5, 4, 3, 0.1 * t, 0],
      pruning: { ...trialOf(powerCurve(5, 3, 1, 0.1, 0, t)), effectiveSize: 3 + (t === 2 ? 1 : 0) },
    }));
    const s = summarizePruning(trials, { teacherSize: 3, bootstrap: { resamples: 200 } });
    expect(s.averageDimension).toEqual({ mean: 3, std: 0, n: 3 });
    expect(s.effectiveSize!.mean).toBeCloseTo(10 / 3, 12);
    expect(s.effectiveSize!.ci[0]).toBeGreaterThanOrEqual(3);
    expect(s.effectiveSize!.ci[1]).toBeLessThanOrEqual(4);
    expect(s.rankCurve!.map((p) => p.x)).toEqual([-3, -2, -1, 0, 1, 2]);
    expect(s.rankCurve!.find((p) => p.x === -1)!.mean).toBeCloseTo(0.1, 12);
    expect(s.scoreHistogram.percent[19]).toBeCloseTo(100 / 5, 12);
    expect(() => summarizePruning([trials[0], { scores: [1] }], { teacherSize: 3 })).toThrow(
      /1 of 2 trials have no pruning analysis/,
    );
  });

  it('summarizePhaseTransition on real curves of teacher + dead-node students of several sizes', () => {
    const hT = 8;
    const teacher = teacherNet(41, 6, hT, 5);
    const data = gaussianData(6, 1500, 42, teacher);
    const groups = [16, 40].map((hidden) => ({
      variant: 'spectral',
      teacherIndex: 0,
      teacherSize: hT,
      hidden,
      trials: [0, 1, 2].map((t) => ({
        pruning: analyzePruning(studentFromTeacher(teacher, hidden - hT, 0, 50 + t + hidden).student, data),
      })),
    }));
    const summary = summarizePhaseTransition(groups, { bootstrap: { resamples: 200 } });
    // The dead nodes change nothing, so students of every size give the same curve below h_T: spread 1.
    expect(summary.collapse.length).toBe(hT);
    for (const p of summary.collapse) expect(p.spread).toBeCloseTo(1, 9);
    expect(summary.fit).toBeDefined();
    expect(summary.fit!.points).toBe(2 * (hT + 1));
    expect(Number.isFinite(summary.fit!.residual)).toBe(true);
    expect(summary.exponent).toBeDefined();
    expect(summary.exponent!.beta).toBeGreaterThan(0); // deltaMse grows as more teacher nodes go
    expect(summary.exponent!.ci[0]).toBeLessThanOrEqual(summary.exponent!.beta);
    expect(summary.exponent!.ci[1]).toBeGreaterThanOrEqual(summary.exponent!.beta);
    expect((summary.extra!.normalizedCurves as unknown[]).length).toBe(2);
    // every number is finite and the whole thing is JSON
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });
});
