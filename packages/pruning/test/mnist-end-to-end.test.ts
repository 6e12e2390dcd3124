// Real images end to end, without training anything: the nearest-class-mean classifier of MNIST written exactly as a
// 784-20-10 ReLU network, its accuracy, and its accuracy curves under the three rankings of Buffoni et al.
import { classificationAccuracy, softmaxCrossEntropy, type NetworkWeights } from '@spectral-ts/spectral';
import { makeImageTestSet, makeImageTrialData } from '@spectral-ts/image-datasets';
import type { Dataset } from '@spectral-ts/teacher-student';
import { accuracyCurve, maskNodes, rankNodes } from '../src';

const CLASSES = 10;
const data = { train: 8000, test: 2000, seed: 1 };
const train = makeImageTrialData('mnist', data, 0).all;
const test = makeImageTestSet('mnist', data);

/** Mean image of every class of `rows`. */
function classMeans(rows: Dataset): Float64Array[] {
  const means = Array.from({ length: CLASSES }, () => new Float64Array(rows.inputDim));
  const counts = new Array<number>(CLASSES).fill(0);
  for (let r = 0; r < rows.rows; r++) {
    const k = rows.y[r];
    counts[k]++;
    for (let j = 0; j < rows.inputDim; j++) means[k][j] += rows.x[r * rows.inputDim + j];
  }
  means.forEach((m, k) => m.forEach((_, j) => (m[j] /= counts[k])));
  return means;
}

/**
 * s_c(x) = mu_c . x - |mu_c|^2 / 2, whose argmax is the nearest class mean, as relu(s_c) - relu(-s_c): hidden
 * nodes 2c and 2c + 1 (a spectral layer with lambdaIn = 0 and lambdaOut = -1, so W = phi) and a +1 / -1 read-out.
 */
function nearestMeanNetwork(means: Float64Array[]): NetworkWeights {
  const dim = means[0].length;
  const half = means.map((m) => m.reduce((s, v) => s + v * v, 0) / 2);
  return {
    inputDim: dim,
    layers: [
      {
        kind: 'spectral',
        phi: Array.from({ length: dim }, (_, j) => means.flatMap((m) => [m[j], -m[j]])),
        lambdaIn: new Array(dim).fill(0),
        lambdaOut: new Array(2 * CLASSES).fill(-1),
        bias: half.flatMap((h) => [-h, h]),
        activation: 'relu',
      },
      {
        kind: 'dense',
        kernel: Array.from({ length: 2 * CLASSES }, (_, i) =>
          Array.from({ length: CLASSES }, (_, c) => (c === i >> 1 ? (i % 2 === 0 ? 1 : -1) : 0)),
        ),
        activation: 'linear',
      },
    ],
  };
}

/** The classifier by its definition: the label of the nearest class mean (squared Euclidean distance). */
function nearestMeanAccuracy(means: Float64Array[], rows: Dataset): number {
  let right = 0;
  for (let r = 0; r < rows.rows; r++) {
    let best = 0;
    let bestDistance = Infinity;
    means.forEach((m, k) => {
      let d = 0;
      for (let j = 0; j < rows.inputDim; j++) d += (rows.x[r * rows.inputDim + j] - m[j]) ** 2;
      if (d < bestDistance) [best, bestDistance] = [k, d];
    });
    if (best === rows.y[r]) right++;
  }
  return right / rows.rows;
}

describe('MNIST end to end, no training', () => {
  const means = classMeans(train);
  const net = nearestMeanNetwork(means);

  it('the network is the nearest-class-mean classifier: same accuracy on the 2000 test images', () => {
    const accuracy = classificationAccuracy(net, test.x, test.y, test.rows);
    expect(accuracy).toBe(nearestMeanAccuracy(means, test));
    // nearest class mean on MNIST is known to get about 82% right
    expect(accuracy).toBeGreaterThan(0.75);
    expect(accuracy).toBeLessThan(0.88);
    expect(Number.isFinite(softmaxCrossEntropy(net, test.x, test.y, test.rows))).toBe(true);
  });

  it('its accuracy curves match brute force and fall to chance with every node removed', () => {
    for (const [ranking, seed] of [
      ['rescaled-eigenvalue', 0],
      ['weight-norm', 0],
      ['random', 3],
    ] as const) {
      const curve = accuracyCurve(net, test, { ranking, seed });
      expect(curve.units).toBe(20);
      expect(curve.accuracyPre).toBe(classificationAccuracy(net, test.x, test.y, test.rows));
      const order = rankNodes(net, { ranking, seed }).removalOrder;
      for (const p of [curve.points[5], curve.points[10], curve.points[20]]) {
        const masked = maskNodes(net, 0, order.slice(p.removed));
        expect({ ranking, fraction: p.fraction, accuracy: p.accuracy }).toEqual({
          ranking,
          fraction: p.fraction,
          accuracy: classificationAccuracy(masked, test.x, test.y, test.rows),
        });
      }
      // with no node left every image gets the same class: that class's share of the test set, about 1 in 10
      expect(curve.points[20].accuracy).toBeLessThan(0.15);
      expect(curve.points[10].accuracy).toBeLessThan(curve.accuracyPre);
    }
  });
});
