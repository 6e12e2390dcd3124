import { meanSquaredError, type NetworkWeights } from '@spectral-ts/spectral';
import { labelVariance } from '@spectral-ts/teacher-student';
import { analyzePruning, criticalSize, cutoffCurve, DEFAULT_CUTOFFS, maskNodes, rankCurve, rankNodes } from '../src';
import { gaussianData, paperLikeNet, studentFromTeacher, teacherNet } from './helpers';

/** The definition: mask the first m nodes of the removal order and recompute the whole network. */
function naiveCurve(
  net: NetworkWeights,
  data: ReturnType<typeof gaussianData>,
  layerIndex: number,
  order: number[],
): number[] {
  const units = order.length;
  return Array.from({ length: units + 1 }, (_, m) => {
    const removed = new Set(order.slice(0, m));
    const keep = Array.from({ length: units }, (_, i) => i).filter((i) => !removed.has(i));
    return meanSquaredError(maskNodes(net, layerIndex, keep), data.x, data.y, data.rows);
  });
}

describe('rank curve', () => {
  it('the fast path equals masking and recomputing at every n (paper-like chain, with bias)', () => {
    for (const bias of [false, true]) {
      const teacher = paperLikeNet(100, 6, 8, 5);
      const net = paperLikeNet(7, 6, 40, 9, { bias });
      const data = gaussianData(6, 300, 8, teacher);
      const curve = rankCurve(net, data);
      const naive = naiveCurve(net, data, 0, curve.removalOrder);
      expect(curve.points.map((p) => p.kept)).toEqual(Array.from({ length: 41 }, (_, i) => 40 - i));
      curve.points.forEach((p, m) =>
        expect(Math.abs(p.testMse - naive[m])).toBeLessThan(1e-10 * Math.max(1, naive[m])),
      );
      expect(curve.msePre).toBeCloseTo(meanSquaredError(net, data.x, data.y, data.rows), 10);
      expect(curve.points[0].deltaMse).toBe(0);
      // the curve is not flat, so the comparison means something
      expect(curve.points[40].deltaMse).toBeGreaterThan(0.01);
    }
  });

  it('the fast path also works on a deeper layer (layerIndex 1, sigmoid, next layer spectral)', () => {
    const base = paperLikeNet(3, 4, 12, 10, { bias: true });
    const net: NetworkWeights = {
      inputDim: 4,
      layers: [
        base.layers[0],
        { ...base.layers[1], activation: 'sigmoid' },
        {
          kind: 'spectral',
          phi: base.layers[1].kind === 'dense' ? base.layers[1].kernel.slice(0, 10).map((r) => r.slice(0, 3)) : [],
          lambdaIn: new Array(10).fill(0.2),
          lambdaOut: [1, -2, 0.5],
          activation: 'tanh',
        },
        { kind: 'dense', kernel: [[1], [-1], [2]], activation: 'linear' },
      ],
    };
    const data = gaussianData(4, 200, 5, paperLikeNet(9, 4, 5, 3));
    const curve = rankCurve(net, data, { layerIndex: 1, ranking: 'weight-norm' });
    const naive = naiveCurve(net, data, 1, curve.removalOrder);
    curve.points.forEach((p, m) => expect(Math.abs(p.testMse - naive[m])).toBeLessThan(1e-10 * Math.max(1, naive[m])));
  });

  it('N1 = 1000 on 10 000 test rows takes seconds', () => {
    const net = paperLikeNet(21, 10, 1000, 20);
    const data = gaussianData(10, 10000, 22, paperLikeNet(23, 10, 20, 20));
    const t0 = Date.now();
    const curve = rankCurve(net, data);
    const seconds = (Date.now() - t0) / 1000;
    console.log(`rank curve N1=1000, 10000 rows: ${seconds.toFixed(2)} s`);
    expect(curve.points).toHaveLength(1001);
    expect(seconds).toBeLessThan(20);
  });
});

describe('cutoff curve', () => {
  it('keeps score / max > c (strict) and equals explicit masking at each cutoff', () => {
    const net = paperLikeNet(31, 5, 25, 6);
    const data = gaussianData(5, 250, 32, paperLikeNet(33, 5, 6, 6));
    const ramp = cutoffCurve(net, data);
    const { scores } = rankNodes(net);
    const max = Math.max(...scores);
    const msePre = meanSquaredError(net, data.x, data.y, data.rows);
    expect(ramp.points.map((p) => p.cutoff)).toEqual(DEFAULT_CUTOFFS);
    for (const p of ramp.points) {
      const keep = scores.map((s, i) => (s / max > p.cutoff! ? i : -1)).filter((i) => i >= 0);
      expect(p.kept).toBe(keep.length);
      const mse = meanSquaredError(maskNodes(net, 0, keep), data.x, data.y, data.rows);
      expect(p.testMse).toBeCloseTo(mse, 10);
      expect(p.deltaMse).toBeCloseTo(Math.abs(mse - msePre), 10);
    }
    // the top node always survives a cutoff < 1, and the ramp removes nodes as c rises
    expect(ramp.points[ramp.points.length - 1].kept).toBeGreaterThanOrEqual(1);
    expect(ramp.points[0].kept).toBeGreaterThan(ramp.points[19].kept);
  });

  it('a node exactly at c * max is removed (strict >)', () => {
    const net = paperLikeNet(31, 5, 4, 3);
    const layer = net.layers[0] as { phi: number[][]; lambdaOut: number[] };
    layer.phi = [
      [1, 1, 1, 1],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
      [0, 0, 0, 0],
    ];
    layer.lambdaOut = [1, 0.5, 0.25, 2]; // scores / max = 0.5, 0.25, 0.125, 1
    const data = gaussianData(5, 50, 1);
    const ramp = cutoffCurve(net, data, { cutoffs: [0, 0.25, 0.5, 0.9] });
    expect(ramp.points.map((p) => p.kept)).toEqual([4, 2, 1, 1]);
  });

  it('cutoffs outside [0, 1) are a clear error', () => {
    const net = paperLikeNet(1, 5, 4, 3);
    const data = gaussianData(5, 10, 1);
    expect(() => cutoffCurve(net, data, { cutoffs: [0, 1] })).toThrow(
      /^pruning\/cutoffCurve: cutoff 1 is outside \[0, 1\)/,
    );
    expect(() => cutoffCurve(net, data, { cutoffs: [-0.1] })).toThrow(
      /^pruning\/cutoffCurve: cutoff -0.1 is outside \[0, 1\)/,
    );
    expect(() => analyzePruning(net, data, { cutoffs: [1.5] })).toThrow(
      /^pruning\/analyzePruning: cutoff 1.5 is outside \[0, 1\)/,
    );
  });

  it('a test set of the wrong width is a clear error', () => {
    expect(() => rankCurve(paperLikeNet(1, 5, 4, 3), gaussianData(4, 10, 1))).toThrow(
      /^pruning\/rankCurve: the test set has inputDim 4 but the network expects 5/,
    );
  });
});

describe('a student = teacher + dead nodes (known answer)', () => {
  const hT = 8;
  const teacher = teacherNet(41, 6, hT, 5);
  const data = gaussianData(6, 2000, 42, teacher);

  it.each([
    ['exactly zero', 0],
    ['tiny', 1e-7],
  ])('extra nodes %s: n* = h_T, flat curve above, a jump below', (_label, extraLambda) => {
    const { student, teacherNodes } = studentFromTeacher(teacher, 24, extraLambda, 43);
    const result = analyzePruning(student, data, { teacherSize: hT });
    const tol = 0.01 * labelVariance(data);
    expect(result.tolerance).toBeCloseTo(tol, 12);
    expect(result.effectiveSize).toBe(hT);
    // the ranking removes every extra node before any teacher node
    const kept = rankNodes(student)
      .removalOrder.slice(24)
      .sort((a, b) => a - b);
    expect(kept).toEqual(teacherNodes);
    // the student is the teacher: MSE_pre is float32 label rounding only
    expect(result.msePre).toBeLessThan(extraLambda === 0 ? 1e-10 : 1e-8);
    const above = result.rankCurve.filter((p) => p.kept >= hT);
    const bound = extraLambda === 0 ? 0 : 1e-8;
    for (const p of above) expect(p.deltaMse).toBeLessThanOrEqual(bound);
    const below = result.rankCurve.find((p) => p.kept === hT - 1)!;
    expect(below.deltaMse).toBeGreaterThan(tol);
    expect(result.atTeacherSize!.deltaMse).toBeLessThanOrEqual(bound);
    expect(result.atTeacherSize!.deltaMseBelow4!).toBeGreaterThan(10 * tol);
    // the cutoff ramp sees the same plateau: every cutoff keeps >= h_T nodes here and has deltaMse <= bound
    expect(result.cutoffCurve.every((p) => p.kept <= hT || p.deltaMse <= bound)).toBe(true);
    expect(criticalSize(result.rankCurve, tol)).toBe(hT);
  });

  it('a looser tolerance moves n* down; a tighter one cannot move it above h_T', () => {
    const { student } = studentFromTeacher(teacher, 24, 0, 43);
    const loose = analyzePruning(student, data, { tolerance: 1e6 });
    expect(loose.effectiveSize).toBe(0);
    const tight = analyzePruning(student, data, { tolerance: 1e-12 });
    expect(tight.effectiveSize).toBe(hT);
  });
});
