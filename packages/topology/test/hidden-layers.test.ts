// Topology across every layer of a deeper student: paths run through all hidden layers, every hidden layer is compared
// with the teacher's same layer where the teacher has one, and the pruned view prunes the layer it is told to.
import { cloneNetwork, type NetworkWeights } from '@spectral-ts/spectral';
import { createRng } from '@spectral-ts/teacher-student';
import {
  allNodes,
  analyzeTopology,
  layerInStrength,
  nodesAboveCutoff,
  pathValues,
  prepareTeacher,
  strengthsByLayer,
  summarizeTopology,
  toGraph,
} from '../src';
import { bruteForcePaths, randomNetwork } from './helpers';

/** 6 -> 8 (spectral) -> 5 (dense) -> 1 (spectral), positive weights. */
const teacher = randomNetwork([6, 8, 5, 1], 71, 0.2, 1);

/**
 * The teacher with `extra` nodes appended to its second hidden layer (node layer 2, a dense layer) whose incoming
 * weights are tiny (score ratio far below 0.05) and whose outgoing weights are not: pruning that layer gives back the
 * teacher exactly, pruning the first one keeps them.
 */
function extraSecondLayerNodes(extra: number, seed: number): NetworkWeights {
  const rng = createRng(seed);
  const student = cloneNetwork(teacher);
  const l1 = student.layers[1];
  const l2 = student.layers[2];
  if (l1.kind !== 'dense' || l2.kind !== 'spectral') throw new Error('expected dense then spectral');
  l1.kernel = l1.kernel.map((row) => [...row, ...Array.from({ length: extra }, () => rng.uniformIn(1e-5, 1e-4))]);
  l2.phi = [...l2.phi, ...Array.from({ length: extra }, () => [rng.uniformIn(0.5, 1)])];
  l2.lambdaIn = [...l2.lambdaIn, ...new Array<number>(extra).fill(0)];
  return student;
}

/** A student 6 -> 8 -> 5 -> 4 -> 1 whose first two layers are the teacher's, then two new layers. */
function deeperCopy(seed: number): NetworkWeights {
  const tail = randomNetwork([5, 4, 1], seed, 0.2, 1).layers;
  return { inputDim: 6, layers: [...cloneNetwork(teacher).layers.slice(0, 2), ...tail] };
}

describe('topology of every hidden layer', () => {
  it('runs the paths through all three hidden layers of a deeper student', () => {
    const student = deeperCopy(3);
    const t = analyzeTopology(student, teacher, { view: 'full' });
    expect(t.paths.count).toBe(6 * 8 * 5 * 4 * 1);
    expect(t.activeNodes).toEqual([6, 8, 5, 4, 1]);
    expect(Array.from(pathValues(student).values)).toEqual(bruteForcePaths(student));
  });

  it('compares each hidden layer with the teacher where the teacher has that layer', () => {
    const student = deeperCopy(3);
    const t = analyzeTopology(student, teacher, { view: 'full' });
    expect(t.hiddenLayers!.map((h) => [h.layer, h.kind, h.width, h.teacherWidth])).toEqual([
      [1, 'spectral', 8, 8],
      [2, 'dense', 5, 5],
      [3, 'spectral', 4, undefined],
    ]);
    // The first two layers are the teacher's: their in-strengths match it exactly; the third has nothing to compare.
    expect(t.hiddenLayers![0].strengthDistance).toEqual({ wasserstein1: 0, ks: 0 });
    expect(t.hiddenLayers![1].strengthDistance).toEqual({ wasserstein1: 0, ks: 0 });
    expect(t.hiddenLayers![2].strengthDistance).toBeUndefined();
    expect(t.strengthDistance).toEqual(t.hiddenLayers![0].strengthDistance);
    // ... while the paths, one factor longer, do not.
    expect(t.pathDistance.ks).toBeGreaterThan(0.2);

    // A second layer that differs from the teacher's is seen there, and only there: two of its five nodes with negated
    // inputs put 2/5 of the raw strengths below all of the teacher's.
    const changed = deeperCopy(3);
    const l1 = changed.layers[1];
    if (l1.kind !== 'dense') throw new Error('expected a dense second layer');
    l1.kernel = l1.kernel.map((row) => row.map((w, k) => (k < 2 ? -w : w)));
    const c = analyzeTopology(changed, teacher, { view: 'full', strengthNormalization: 'none' });
    expect(c.hiddenLayers![0].strengthDistance).toEqual({ wasserstein1: 0, ks: 0 });
    expect(c.hiddenLayers![1].strengthDistance!.ks).toBeCloseTo(2 / 5, 12);
  });

  it('takes the in-strength of a deeper layer over the kept nodes of the layer before, as graphology sums it', () => {
    const student = randomNetwork([6, 8, 5, 4, 1], 9);
    const keep = allNodes(student);
    keep[2] = [0, 2, 4];
    const graph = strengthsByLayer(toGraph(student, { keep, positions: false }));
    expect(layerInStrength(student, 3, keep)).toEqual(graph[3].inStrength.map((v) => expect.closeTo(v, 12)));
    expect(() => layerInStrength(student, 5)).toThrow(
      /topology\/layerInStrength: layer 5 is not a hidden or output node layer of this 4-layer network/,
    );
  });

  it('prunes the layer it is told to and reports what remains in the others', () => {
    const student = extraSecondLayerNodes(3, 5);
    expect(nodesAboveCutoff(student, 2)).toEqual([0, 1, 2, 3, 4]);
    const second = analyzeTopology(student, teacher, { view: 'pruned', prunedLayers: [2] });
    expect(second.activeNodes).toEqual([6, 8, 5, 1]);
    expect(second.pathDistance).toEqual({ wasserstein1: 0, ks: 0 });
    expect(second.hiddenLayers!.map((h) => [h.pruned, h.width, h.aboveCutoff])).toEqual([
      [false, 8, 8],
      [true, 8, 5],
    ]);
    expect(second.hiddenLayers![1].strengthDistance).toEqual({ wasserstein1: 0, ks: 0 });
    // Pruning the first hidden layer (the default) leaves the tiny second-layer nodes and their paths in the view.
    const first = analyzeTopology(student, teacher, { view: 'pruned' });
    expect(first.activeNodes).toEqual([6, 8, 8, 1]);
    expect(first.hiddenLayers!.map((h) => h.pruned)).toEqual([true, false]);
    expect(first.hiddenLayers![1].aboveCutoff).toBe(5);
    expect(first.pathDistance.ks).toBeGreaterThan(0.2);
    // An explicit selection prunes nothing by score.
    const kept = analyzeTopology(student, teacher, { view: 'pruned', keep: allNodes(student) });
    expect(kept.hiddenLayers!.every((h) => !h.pruned)).toBe(true);
  });

  it('averages every hidden layer over a group, and leaves the layers out when the trials differ in shape', () => {
    const ref = prepareTeacher(teacher);
    expect(ref.hiddenInStrength.map((s) => s.length)).toEqual([8, 5]);
    const trials = [1, 2].map((seed) => analyzeTopology(randomNetwork([6, 8, 5, 4, 1], seed), ref, { view: 'full' }));
    const group = summarizeTopology(trials);
    expect(group.hiddenLayers!.map((h) => [h.layer, h.width, h.teacherWidth, h.active.mean])).toEqual([
      [1, 8, 8, 8],
      [2, 5, 5, 5],
      [3, 4, undefined, 4],
    ]);
    const ks = trials.map((t) => t.hiddenLayers![1].strengthDistance!.ks);
    expect(group.hiddenLayers![1].strengthDistance!.ks.mean).toBeCloseTo((ks[0] + ks[1]) / 2, 12);
    expect(group.hiddenLayers![2].strengthDistance).toBeUndefined();
    const shallow = analyzeTopology(randomNetwork([6, 8, 5, 1], 4), ref, { view: 'full' });
    expect(summarizeTopology([trials[0], shallow]).hiddenLayers).toBeUndefined();
    const { hiddenLayers: _old, ...older } = trials[0];
    expect(summarizeTopology([older, trials[1]]).hiddenLayers).toBeUndefined();
  });
});
