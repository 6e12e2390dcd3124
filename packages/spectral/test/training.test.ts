// SpectralDense inside model.fit: two spectral layers deep, the loss falls, frozen weights and the mask stay put.
import * as tf from '@tensorflow/tfjs';
import { SpectralDense, forward, networkToModel, type NetworkWeights } from '@spectral-ts/spectral';
import { inputs, makeRng, randomSpectral, weightOf } from './helpers';

describe('training with model.fit', () => {
  it('a 2-spectral-layer model fits a small teacher: the loss falls by more than half', async () => {
    const rng = makeRng(61);
    const rows = 128;
    // A small random teacher (lambda = 1, lambdaIn = 0: a plain ReLU network, method spec §2) labels the data.
    const teacher: NetworkWeights = {
      inputDim: 4,
      layers: [randomSpectral(rng, 4, 5, 'relu'), randomSpectral(rng, 5, 1, 'linear')],
    };
    teacher.layers.forEach((l) => {
      if (l.kind === 'spectral') {
        l.lambdaIn = l.lambdaIn.map(() => 0);
        l.lambdaOut = l.lambdaOut.map(() => 1);
      }
    });
    const x = inputs(rng, rows, 4);
    const y = forward(teacher, x, rows);

    const student = tf.sequential({
      layers: [
        new SpectralDense({ units: 12, activation: 'relu', inputShape: [4], seed: 1 }),
        new SpectralDense({ units: 8, activation: 'relu', seed: 2 }),
        tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
      ],
    });
    const first = student.layers[0] as SpectralDense;
    first.setNodeMask([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    const lambdaInBefore = first.eigenvalues().lambdaIn;
    const lambdaOutBefore = first.eigenvalues().lambdaOut;
    student.compile({ optimizer: tf.train.adam(0.02), loss: 'meanSquaredError' });
    const xs = tf.tensor2d(Float32Array.from(x), [rows, 4]);
    const ys = tf.tensor2d(Float32Array.from(y), [rows, 1]);
    const history = await student.fit(xs, ys, { epochs: 40, batchSize: 32, shuffle: false, verbose: 0 });
    const losses = history.history.loss as number[];
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(0.5 * losses[0]);

    // lambdaIn (frozen by default) and the mask (never trained) are unchanged; lambdaOut and phi moved.
    const after = first.eigenvalues();
    expect(after.lambdaIn).toEqual(lambdaInBefore);
    expect(after.mask).toEqual([1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(after.lambdaOut).not.toEqual(lambdaOutBefore);
    // The masked unit still outputs exactly 0 after training (no bias, lambdaIn = 0, ReLU).
    const hidden = tf.tidy(() => (first.apply(xs) as tf.Tensor).arraySync() as number[][]);
    expect(hidden.every((row) => row[3] === 0)).toBe(true);
    expect(hidden.some((row) => row[0] !== 0 || row[1] !== 0)).toBe(true);
    tf.dispose([xs, ys]);
  });

  it('trains the Direct variant (lambdaOut frozen) without touching lambdaOut', async () => {
    const net: NetworkWeights = { inputDim: 3, layers: [randomSpectral(makeRng(62), 3, 6, 'tanh')] };
    const model = networkToModel(net);
    const layer = model.layers[0] as SpectralDense;
    const frozen = new SpectralDense({ units: 6, activation: 'tanh', lambdaOutTrainable: false, inputShape: [3] });
    const direct = tf.sequential({ layers: [frozen] });
    frozen.setLayerWeights(layer.toLayerWeights());
    direct.compile({ optimizer: tf.train.sgd(0.1), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([16, 3], 0, 1, 'float32', 9);
    const ys = tf.zerosLike(tf.sum(xs, 1, true)).tile([1, 6]);
    const before = Array.from(weightOf(frozen, 'phi').read().dataSync());
    await direct.fit(xs, ys, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(frozen.eigenvalues().lambdaOut).toEqual(layer.eigenvalues().lambdaOut);
    expect(Array.from(weightOf(frozen, 'phi').read().dataSync())).not.toEqual(before);
    tf.dispose([xs, ys]);
  });
});
