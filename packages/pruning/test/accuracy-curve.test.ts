import { classificationAccuracy, forward, type LayerWeights, type NetworkWeights } from '@spectral-ts/spectral';
import { createRng, type Dataset } from '@spectral-ts/teacher-student';
import {
  DEFAULT_REMOVAL_FRACTIONS,
  accuracyCurve,
  accuracyCurves,
  maskNodes,
  rankNodes,
  rescaledEigenvalueScores,
} from '../src';
import { matrix, vector } from './helpers';

/** A random classifier: spectral(hidden, relu, lambdaIn = 0, with bias) -> [dense(h2, relu)] -> dense(classes). */
function classifier(seed: number, inputDim: number, widths: number[], classes: number): NetworkWeights {
  const rng = createRng(seed);
  const [n1, ...rest] = widths;
  const layers: LayerWeights[] = [
    {
      kind: 'spectral',
      phi: matrix(rng, inputDim, n1, 0.5),
      lambdaIn: new Array(inputDim).fill(0),
      lambdaOut: vector(rng, n1, 0.8),
      bias: vector(rng, n1, 0.2),
      activation: 'relu',
    },
  ];
  let width = n1;
  for (const h of rest) {
    layers.push({ kind: 'dense', kernel: matrix(rng, width, h, 0.5), bias: vector(rng, h, 0.1), activation: 'relu' });
    width = h;
  }
  // distinct output biases, so that every logit differs even with all nodes removed (no argmax ties)
  const bias = Array.from({ length: classes }, (_, c) => 0.1 * c);
  layers.push({ kind: 'dense', kernel: matrix(rng, width, classes), bias, activation: 'linear' });
  return { inputDim, layers };
}

/** Gaussian rows labelled by the argmax of `labeler`, a fifth of the labels then replaced at random. */
function labelledData(net: NetworkWeights, rows: number, seed: number, classes: number): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(rows * net.inputDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const out = forward(net, x, rows);
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (out[r * classes + c] > out[r * classes + best]) best = c;
    y[r] = rng.uniform() < 0.2 ? rng.int(classes) : best;
  }
  return { inputDim: net.inputDim, rows, x, y, classes };
}

/** The definition: mask the removed nodes and recompute the accuracy of the whole network, at every fraction. */
function bruteForce(net: NetworkWeights, data: Dataset, order: number[], fractions: readonly number[]): number[] {
  const units = order.length;
  return fractions.map((f) => {
    const keep = order.slice(Math.round(f * units));
    return classificationAccuracy(maskNodes(net, 0, keep), data.x, data.y, data.rows);
  });
}

const net = classifier(3, 20, [12], 4);
const data = labelledData(classifier(4, 20, [12], 4), 200, 5, 4);

describe('accuracyCurve', () => {
  it('equals masking and recomputing the accuracy at every fraction (20-12-4, 200 rows), for every ranking', () => {
    for (const [ranking, seed] of [
      ['rescaled-eigenvalue', 0],
      ['weight-norm', 0],
      ['random', 7],
    ] as const) {
      const curve = accuracyCurve(net, data, { ranking, seed });
      const order = rankNodes(net, { ranking, seed }).removalOrder;
      expect(curve.ranking).toBe(ranking);
      expect(curve.points.map((p) => p.accuracy)).toEqual(bruteForce(net, data, order, DEFAULT_REMOVAL_FRACTIONS));
      expect(curve.accuracyPre).toBe(classificationAccuracy(net, data.x, data.y, data.rows));
    }
  });

  it('removes round(fraction * units) nodes at the 21 default fractions 0, 0.05, ..., 1', () => {
    const curve = accuracyCurve(net, data);
    expect(curve).toMatchObject({ ranking: 'rescaled-eigenvalue', layerIndex: 0, units: 12 });
    expect(curve.points.map((p) => p.fraction)).toEqual(Array.from({ length: 21 }, (_, i) => i / 20));
    // 12 * 0.05 = 0.6 -> 1, 12 * 0.1 = 1.2 -> 1, 12 * 0.5 = 6, 12 * 0.95 = 11.4 -> 11
    expect(curve.points.map((p) => p.removed)).toEqual([
      0, 1, 1, 2, 2, 3, 4, 4, 5, 5, 6, 7, 7, 8, 8, 9, 10, 10, 11, 11, 12,
    ]);
    expect(curve.points.every((p) => p.kept === 12 - p.removed)).toBe(true);
    expect(curve.points[0].accuracy).toBe(curve.accuracyPre);
    // the labels follow another network, with 20% noise: the intact network is better than chance, not perfect
    expect(curve.accuracyPre).toBeGreaterThan(0.3);
    expect(curve.accuracyPre).toBeLessThan(0.9);
  });

  it('matches brute force behind one more layer (20-12-8-4) and two (20-12-8-6-4)', () => {
    for (const widths of [
      [12, 8],
      [12, 8, 6],
    ]) {
      const deep = classifier(8, 20, widths, 4);
      const deepData = labelledData(deep, 200, 9, 4);
      const fractions = [0, 0.25, 0.5, 0.75, 1];
      const curve = accuracyCurve(deep, deepData, { ranking: 'weight-norm', fractions });
      const order = rankNodes(deep, { ranking: 'weight-norm' }).removalOrder;
      expect(curve.points.map((p) => p.accuracy)).toEqual(bruteForce(deep, deepData, order, fractions));
      // labelled by its own argmax with 20% of the labels redrawn: about 85% right
      expect(curve.accuracyPre).toBeGreaterThan(0.75);
      expect(curve.points[4].accuracy).toBeLessThan(curve.accuracyPre);
    }
  });

  it('removes in ascending score: the rescaled eigenvalue spares the nodes that matter, random does not', () => {
    // 12 nodes, 8 of them with eigenvalue 1e-4 (nearly silent), labels the network's own argmax
    const sparse = classifier(11, 20, [12], 4);
    const first = sparse.layers[0];
    if (first.kind !== 'spectral') throw new Error('unreachable');
    first.bias = undefined;
    const important = [1, 4, 7, 10];
    first.lambdaOut = first.lambdaOut.map((l, i) => (important.includes(i) ? 3 * Math.sign(l || 1) : 1e-4));
    const own = labelledData(sparse, 200, 12, 4);
    own.y.set(Float32Array.from(own.y, (_, r) => argmax(forward(sparse, own.x.subarray(r * 20, r * 20 + 20), 1))));
    const scores = rescaledEigenvalueScores(sparse, 0);
    const order = rankNodes(sparse, { ranking: 'rescaled-eigenvalue' }).removalOrder;
    expect(order.slice(8).sort((a, b) => a - b)).toEqual(important);
    expect(order.every((node, k) => k === 0 || scores[order[k - 1]] <= scores[node])).toBe(true);
    const fractions = [0, 2 / 3];
    const byEigenvalue = accuracyCurve(sparse, own, { ranking: 'rescaled-eigenvalue', fractions });
    expect(byEigenvalue.points.map((p) => p.removed)).toEqual([0, 8]);
    expect(byEigenvalue.accuracyPre).toBe(1);
    expect(byEigenvalue.points[1].accuracy).toBeGreaterThan(0.97);
    const randomAccuracies = [1, 2, 3, 4].map(
      (seed) => accuracyCurve(sparse, own, { ranking: 'random', seed, fractions }).points[1].accuracy,
    );
    expect(Math.max(...randomAccuracies)).toBeLessThan(byEigenvalue.points[1].accuracy);
    expect(Math.min(...randomAccuracies)).toBeLessThan(0.8);
  });

  it('accuracyCurves gives, per ranking, what accuracyCurve gives (one shared forward pass)', () => {
    const rankings = ['rescaled-eigenvalue', 'weight-norm', 'random', 'auto'];
    const fractions = [0, 0.3, 0.6, 1];
    const curves = accuracyCurves(net, data, { rankings, fractions, seed: 5 });
    expect(curves.map((c) => c.ranking)).toEqual([
      'rescaled-eigenvalue',
      'weight-norm',
      'random',
      'rescaled-eigenvalue',
    ]);
    curves.forEach((c, i) => expect(c).toEqual(accuracyCurve(net, data, { ranking: rankings[i], fractions, seed: 5 })));
    expect(curves[0].points).not.toEqual(curves[2].points);
    expect(() => accuracyCurves(net, data, { rankings: [] })).toThrow(/^pruning\/accuracyCurves: rankings is empty/);
  });

  it('a seeded random ranking repeats with its seed and changes with another', () => {
    const a = accuracyCurve(net, data, { ranking: 'random', seed: 1 });
    expect(accuracyCurve(net, data, { ranking: 'random', seed: 1 })).toEqual(a);
    const orders = [1, 2].map((seed) => rankNodes(net, { ranking: 'random', seed }).removalOrder);
    expect(orders[0]).not.toEqual(orders[1]);
  });

  it('names the problem with bad input', () => {
    const dense: NetworkWeights = structuredClone(net);
    dense.layers[0] = { kind: 'dense', kernel: matrix(createRng(1), 20, 12), activation: 'relu' };
    expect(() => accuracyCurve(dense, data, { ranking: 'rescaled-eigenvalue' })).toThrow(/has no eigenvalues/);
    expect(accuracyCurve(dense, data).ranking).toBe('weight-norm');
    expect(() => accuracyCurve(net, data, { fractions: [0, 1.5] })).toThrow(
      "pruning/accuracyCurve: fraction 1.5 is outside [0, 1] (fractions are shares of the layer's nodes to remove)",
    );
    expect(() => accuracyCurve(net, data, { fractions: [] })).toThrow(/fractions is empty/);
    const bad = { ...data, y: Float32Array.from(data.y, (v, r) => (r === 3 ? 4 : v)) };
    expect(() => accuracyCurve(net, bad)).toThrow(
      /^pruning\/accuracyCurve: y\[3\] = 4 is not a class index of a network with 4 outputs/,
    );
    expect(() => accuracyCurve(net, { ...data, classes: 10 })).toThrow(
      'pruning/accuracyCurve: the data has 10 classes but the network has 4 outputs (give the network one output per class)',
    );
    expect(() => accuracyCurve(net, data, { layerIndex: 1 })).toThrow(/layerIndex 1 is the output layer/);
  });
});

function argmax(v: Float64Array): number {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
  return best;
}
