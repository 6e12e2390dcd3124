// The L2 wiring of method spec §1 / §9 item 2: the training loss is MSE + c_phi sum(phi^2) + c_lambda sum(lambda^2),
// with Keras' convention (no 1/2 factor), read both from model.losses and from what model.fit reports.
import * as tf from '@tensorflow/tfjs';
import {
  SpectralDense,
  forward,
  networkToModel,
  type NetworkWeights,
  type SpectralLayerWeights,
} from '@spectral-ts/spectral';
import { inputs, makeRng, matrix, randomSpectral, vector } from './helpers';

function sumSq(values: number[]): number {
  return values.reduce((s, v) => s + v * v, 0);
}

function penalty(layer: SpectralLayerWeights, cPhi: number, cLambda: number): number {
  return cPhi * sumSq(layer.phi.flat()) + cLambda * (sumSq(layer.lambdaIn) + sumSq(layer.lambdaOut));
}

function totalRegularization(model: tf.LayersModel): number {
  return model.calculateLosses().reduce((s, t) => {
    const v = t.dataSync()[0];
    t.dispose();
    return s + v;
  }, 0);
}

describe('L2 regularisation', () => {
  it('model.losses add exactly c_phi sum(phi^2) + c_lambda (sum(lambdaIn^2) + sum(lambdaOut^2)) per spectral layer', () => {
    const rng = makeRng(31);
    const a = randomSpectral(rng, 6, 9, 'relu');
    const b = randomSpectral(rng, 9, 4, 'tanh', true);
    const net: NetworkWeights = { inputDim: 6, layers: [a, b] };
    // Paper coefficients (method spec §1) and a second pair, so that a swapped or halved coefficient shows.
    for (const [cPhi, cLambda] of [
      [0.01, 5e-4],
      [0.3, 0.07],
    ]) {
      const model = networkToModel(net, { phiL2: cPhi, lambdaL2: cLambda });
      const expected = penalty(a, cPhi, cLambda) + penalty(b, cPhi, cLambda);
      const got = totalRegularization(model);
      expect(Math.abs(got - expected)).toBeLessThanOrEqual(1e-6 * expected);
      // The lambdaIn share is real here (lambdaIn is random and non-zero).
      expect(cLambda * sumSq(a.lambdaIn)).toBeGreaterThan(1e-5 * expected);
    }
  });

  it('model.fit reports MSE + c_phi sum(phi^2) + c_lambda sum(lambda^2) for the weights before the step', async () => {
    const rng = makeRng(32);
    const rows = 24;
    // The paper's first layer (lambdaIn = 0 frozen) followed by an unregularised dense read-out (method spec §3).
    const first = randomSpectral(rng, 5, 7, 'relu');
    first.lambdaIn = new Array(5).fill(0);
    const net: NetworkWeights = {
      inputDim: 5,
      layers: [first, { kind: 'dense', kernel: matrix(rng, 7, 1), activation: 'linear' }],
    };
    const model = networkToModel(net);
    const x = inputs(rng, rows, 5);
    const y = vector(rng, rows, -1, 1);
    const out = forward(net, x, rows);
    const mse = out.reduce((s, v, r) => s + (v - y[r]) ** 2, 0) / rows;
    const expected = mse + 0.01 * sumSq(first.phi.flat()) + 5e-4 * sumSq(first.lambdaOut);

    model.compile({ optimizer: tf.train.sgd(0.01), loss: 'meanSquaredError' });
    const xs = tf.tensor2d(Float32Array.from(x), [rows, 5]);
    const ys = tf.tensor2d(y, [rows, 1]);
    // evaluate() reports the bare MSE (tfjs adds the penalties only to the training loss).
    const evaluated = model.evaluate(xs, ys) as tf.Scalar;
    expect(Math.abs(evaluated.dataSync()[0] - mse)).toBeLessThanOrEqual(1e-5 * mse);
    evaluated.dispose();
    const history = await model.fit(xs, ys, { epochs: 2, batchSize: rows, shuffle: false, verbose: 0 });
    const reported = history.history.loss[0] as number;
    expect(Math.abs(reported - expected)).toBeLessThanOrEqual(1e-5 * expected);
    // Sanity: the penalty is a visible part of the reported loss, so leaving it out would fail the check above.
    expect(expected - mse).toBeGreaterThan(1e-3 * expected);
    tf.dispose([xs, ys]);
  });

  it('a frozen lambdaOut (the Direct variant) still carries its constant penalty c_lambda * units, as in Keras', () => {
    const layer = new SpectralDense({ units: 30, lambdaOutTrainable: false, seed: 3, inputShape: [10] });
    const model = tf.sequential({ layers: [layer, tf.layers.dense({ units: 1 })] });
    // A tfjs Sequential lists its regularisation losses only once built (compile, fit and predict build it too).
    model.build();
    const phi = layer.weights
      .find((w) => w.originalName.endsWith('phi'))!
      .read()
      .dataSync();
    const expected = 0.01 * sumSq(Array.from(phi)) + 5e-4 * 30; // method spec §1, "Direct" variant
    expect(Math.abs(totalRegularization(model) - expected)).toBeLessThanOrEqual(1e-6 * expected);
    expect(layer.trainableWeights.map((w) => w.originalName.split('/').pop())).toEqual(['phi']);
  });

  it('phiL2 = 0 and lambdaL2 = 0 add nothing', () => {
    const model = tf.sequential({ layers: [new SpectralDense({ units: 3, phiL2: 0, lambdaL2: 0, inputShape: [2] })] });
    model.build();
    expect(model.calculateLosses()).toHaveLength(0);
  });
});
