import { cloneNetwork, type NetworkWeights } from '@spectral-ts/spectral';
import { buildTeacherNetwork, createRng } from '@spectral-ts/teacher-student';
import {
  analyzeTopology,
  GRID_POINTS,
  pathValues,
  prepareTeacher,
  summarizeTopology,
  type TrialTopology,
} from '../src';
import { randomNetwork } from './helpers';

/** A teacher-shaped net with positive weights, so that flipping the first layer's sign moves every path below 0. */
function positiveNet(seed: number): NetworkWeights {
  return randomNetwork([6, 8, 5, 1], seed, 0.2, 1);
}

/** Negates every first-layer direct weight (phi -> -phi). */
function signFlipped(net: NetworkWeights): NetworkWeights {
  const flipped = cloneNetwork(net);
  const l0 = flipped.layers[0];
  if (l0.kind !== 'spectral') throw new Error('expected a spectral first layer');
  l0.phi = l0.phi.map((row) => row.map((v) => -v));
  return flipped;
}

/**
 * The teacher with `extra` first-layer nodes appended whose incoming weights are tiny (score ratio < 0.05) and whose
 * outgoing weights are arbitrary: its pruned view is exactly the teacher.
 */
function overParameterised(teacher: NetworkWeights, extra: number, seed: number): NetworkWeights {
  const rng = createRng(seed);
  const student = cloneNetwork(teacher);
  const l0 = student.layers[0];
  const l1 = student.layers[1];
  if (l0.kind !== 'spectral' || l1.kind !== 'spectral') throw new Error('expected spectral hidden layers');
  l0.phi = l0.phi.map((row) => [...row, ...Array.from({ length: extra }, () => rng.uniformIn(-1, 1))]);
  l0.lambdaOut = [...l0.lambdaOut, ...Array.from({ length: extra }, () => rng.uniformIn(-1e-3, 1e-3))];
  l1.phi = [...l1.phi, ...Array.from({ length: extra }, () => l1.lambdaOut.map(() => rng.uniformIn(-1, 1)))];
  l1.lambdaIn = [...l1.lambdaIn, ...new Array<number>(extra).fill(0)];
  return student;
}

describe('analyzeTopology', () => {
  it('puts a network at distance 0 from itself and far from its sign-flipped copy', () => {
    const net = positiveNet(61);
    const self = analyzeTopology(net, net, { view: 'full' });
    expect(self.pathDistance).toEqual({ wasserstein1: 0, ks: 0 });
    expect(self.strengthDistance).toEqual({ wasserstein1: 0, ks: 0 });
    const flipped = analyzeTopology(signFlipped(net), net, { view: 'full' });
    expect(flipped.pathDistance.ks).toBe(1);
    expect(flipped.strengthDistance.ks).toBe(1);
    // Every path changes sign and the two distributions do not overlap, so W1 = 2 * the mean path value.
    const values = pathValues(net).values;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(flipped.pathDistance.wasserstein1).toBeCloseTo(2 * mean, 12);
  });

  it('recovers the teacher exactly in the pruned view of an over-parameterised copy, but not in the full view', () => {
    const teacher = buildTeacherNetwork(10, [20, 20], 0);
    const student = overParameterised(teacher, 30, 3);
    const pruned = analyzeTopology(student, teacher, { view: 'pruned' });
    expect(pruned.activeNodes).toEqual([10, 20, 20, 1]);
    expect(pruned.paths.count).toBe(4000);
    expect(pruned.pathDistance.wasserstein1).toBeCloseTo(0, 14);
    expect(pruned.pathDistance.ks).toBe(0);
    expect(pruned.strengthDistance.ks).toBe(0);
    const full = analyzeTopology(student, teacher, { view: 'full' });
    expect(full.activeNodes).toEqual([10, 50, 20, 1]);
    expect(full.paths.count).toBe(10 * 50 * 20);
    expect(full.pathDistance.ks).toBeGreaterThan(0.2);
    expect(full.strengthDistance.ks).toBeGreaterThan(0.2);
    expect(full.inStrength).toHaveLength(50);
    expect(pruned.inStrength).toHaveLength(20);
  });

  it('path distances are invariant under the ReLU node rescaling of method spec §5.4; raw strengths are not', () => {
    const teacher = buildTeacherNetwork(10, [20, 20], 0);
    const student = cloneNetwork(teacher);
    const l0 = student.layers[0];
    const l1 = student.layers[1];
    if (l0.kind !== 'spectral' || l1.kind !== 'spectral') throw new Error('expected spectral hidden layers');
    // Node j: incoming weights scaled by c_j (through lambda_j), outgoing by 1 / c_j (through the next phi rows).
    const rng = createRng(8);
    const c = l0.lambdaOut.map(() => rng.uniformIn(0.05, 0.2));
    l0.lambdaOut = l0.lambdaOut.map((v, j) => v * c[j]);
    l1.phi = l1.phi.map((row, j) => row.map((v) => v / c[j]));
    const t = analyzeTopology(student, teacher, { view: 'full', strengthNormalization: 'none' });
    expect(t.pathDistance.wasserstein1).toBeLessThan(1e-12);
    expect(t.strengthDistance.ks).toBeGreaterThan(0.3);
  });

  it('takes a prepared teacher and fills the extra metrics', () => {
    const teacher = buildTeacherNetwork(10, [20, 20], 0);
    const student = overParameterised(teacher, 10, 4);
    const ref = prepareTeacher(teacher);
    const a = analyzeTopology(student, ref, { view: 'full' });
    const b = analyzeTopology(student, teacher, { view: 'full' });
    expect(a).toEqual(b);
    const extra = a.extra as { layers: { betweenness?: { max: number } }[]; pathQuantileRatio: Record<string, number> };
    expect(extra.layers).toHaveLength(4);
    expect(extra.layers[1].betweenness?.max).toBeGreaterThan(0);
    expect(Object.keys(extra.pathQuantileRatio)).toEqual(['q01', 'q05', 'q25', 'q50', 'q75', 'q95', 'q99']);
    expect(() => analyzeTopology(student, ref, { view: 'half' as 'full' })).toThrow(
      /topology\/analyzeTopology: view must be/,
    );
  });
});

describe('summarizeTopology', () => {
  it('averages the sorted paths on the grid and the distances over trials (ddof 0)', () => {
    const teacher = positiveNet(70);
    const trials: TrialTopology[] = [71, 72, 73].map((s) =>
      analyzeTopology(positiveNet(s), teacher, { view: 'full', betweenness: false }),
    );
    const g = summarizeTopology(trials);
    expect(g.paths.grid).toHaveLength(GRID_POINTS);
    const at = 100;
    const vals = trials.map((t) => t.paths.sortedOnGrid[at]);
    const mean = vals.reduce((a, b) => a + b, 0) / 3;
    expect(g.paths.mean[at]).toBeCloseTo(mean, 14);
    expect(g.paths.std[at]).toBeCloseTo(Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / 3), 14);
    const w = trials.map((t) => t.pathDistance.wasserstein1);
    expect(g.pathDistance.wasserstein1.mean).toBeCloseTo(w.reduce((a, b) => a + b, 0) / 3, 14);
    expect(g.strengthDistance.ks.n).toBe(3);
    expect(() => summarizeTopology([])).toThrow(/topology\/summarizeTopology: no trials/);
    expect(() => summarizeTopology([trials[0], { ...trials[1], view: 'pruned' }])).toThrow(/mix views/);
  });
});
