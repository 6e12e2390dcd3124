// The layer algebra of method spec §1 (and §9 item 1): direct weights, forward pass, the Dense special case,
// node importance, the node mask, shapes, config and argument errors.
import * as tf from '@tensorflow/tfjs';
import { SpectralDense, directKernel, forward, networkToModel, type NetworkWeights } from '@spectral-ts/spectral';
import { inputs, makeRng, matrix, predict, randomSpectral, relativeError, vector, weightOf } from './helpers';

const U = 2 ** -24; // float32 unit roundoff

/** A one-layer model holding exactly the given spectral weights. */
function oneLayer(net: NetworkWeights): { model: tf.Sequential; layer: SpectralDense } {
  const model = networkToModel(net);
  return { model, layer: model.layers[0] as SpectralDense };
}

function act(name: string, t: tf.Tensor): tf.Tensor {
  return name === 'relu' ? tf.relu(t) : name === 'tanh' ? tf.tanh(t) : name === 'sigmoid' ? tf.sigmoid(t) : t;
}

describe('SpectralDense algebra (method spec §1)', () => {
  const cases = [
    { activation: 'relu', bias: false },
    { activation: 'linear', bias: true },
    { activation: 'tanh', bias: true },
    { activation: 'sigmoid', bias: false },
  ] as const;

  it.each(cases)(
    'directWeights()[j][i] = phi_ij (lambdaIn_j - lambdaOut_i) to 1e-6 relative ($activation)',
    ({ activation, bias }) => {
      const rng = makeRng(11);
      const inDim = 7;
      const units = 5;
      const layerW = randomSpectral(rng, inDim, units, activation, bias);
      const { layer } = oneLayer({ inputDim: inDim, layers: [layerW] });
      // The convention, written independently: W[i][j] with i an output node and j an input node.
      const W = Array.from({ length: units }, (_, i) =>
        Array.from({ length: inDim }, (_, j) => layerW.phi[j][i] * (layerW.lambdaIn[j] - layerW.lambdaOut[i])),
      );
      const dw = layer.directWeights();
      expect(dw.shape).toEqual([inDim, units]);
      const got = dw.arraySync() as number[][];
      dw.dispose();
      for (let i = 0; i < units; i++) {
        for (let j = 0; j < inDim; j++) {
          // Each entry is one subtraction and one product in float32: relative error <= 2u per entry.
          expect(Math.abs(got[j][i] - W[i][j])).toBeLessThanOrEqual(1e-6 * Math.abs(W[i][j]));
        }
      }
    },
  );

  it.each(cases)(
    'output = act(x W^T + b) to 1e-6 relative, and matches the float64 forward within the float32 bound ($activation)',
    ({ activation, bias }) => {
      const rng = makeRng(12);
      const inDim = 9;
      const units = 6;
      const rows = 16;
      const net: NetworkWeights = { inputDim: inDim, layers: [randomSpectral(rng, inDim, units, activation, bias)] };
      const { model, layer } = oneLayer(net);
      const x = inputs(rng, rows, inDim);
      const y = predict(model, x, rows, inDim);

      // (a) against act(x . directWeights() + b) computed with plain tfjs ops.
      const ref = tf.tidy(() => {
        const dw = layer.directWeights();
        let pre = tf.matMul(tf.tensor2d(Float32Array.from(x), [rows, inDim]), dw);
        if (net.layers[0].bias) pre = tf.add(pre, tf.tensor1d(net.layers[0].bias));
        return act(activation, pre).dataSync();
      });
      expect(relativeError(y, ref)).toBeLessThanOrEqual(1e-6);

      // (b) against the float64 reference on the same float32-representable numbers. Float32-honest bound: the kernel
      // entries carry <= 2u relative error, the n-term dot product plus bias adds <= (n + 1)u times the sum of
      // |terms| (the standard summation bound), and the activation (1-Lipschitz) adds a few ulps of its output.
      const y64 = forward(net, x, rows);
      const K = directKernel(net.layers[0]);
      const b = net.layers[0].bias;
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < units; i++) {
          let s = b ? Math.abs(b[i]) : 0;
          for (let j = 0; j < inDim; j++) s += Math.abs(x[r * inDim + j] * K[j][i]);
          const bound = 2 * (inDim + 3) * U * s + 8 * U * Math.max(1, Math.abs(y64[r * units + i]));
          expect(Math.abs(y[r * units + i] - y64[r * units + i])).toBeLessThanOrEqual(bound);
        }
      }
    },
  );

  it('with lambdaIn = 0 and lambdaOut = 1 equals a Dense layer with W = -phi (to 1e-6 relative)', () => {
    const rng = makeRng(13);
    const inDim = 6;
    const units = 8;
    const rows = 12;
    const phi = matrix(rng, inDim, units);
    const bias = vector(rng, units, -0.3, 0.3);
    // Default initializers give lambdaIn = 0, lambdaOut = 1 (method spec §1): only phi and the bias are set.
    const spectral = new SpectralDense({ units, activation: 'relu', useBias: true, inputShape: [inDim] });
    const sModel = tf.sequential({ layers: [spectral] });
    const eig = spectral.eigenvalues();
    expect(eig.lambdaIn).toEqual(new Array(inDim).fill(0));
    expect(eig.lambdaOut).toEqual(new Array(units).fill(1));
    tf.tidy(() => {
      const [phiV, biasV] = ['phi', 'bias'].map((n) => weightOf(spectral, n));
      phiV.write(tf.tensor2d(phi));
      biasV.write(tf.tensor1d(bias));
    });
    const dense = tf.layers.dense({ units, activation: 'relu', useBias: true, inputShape: [inDim] });
    const dModel = tf.sequential({ layers: [dense] });
    tf.tidy(() => dense.setWeights([tf.neg(tf.tensor2d(phi)), tf.tensor1d(bias)]));
    const x = inputs(rng, rows, inDim);
    const ys = predict(sModel, x, rows, inDim);
    const yd = predict(dModel, x, rows, inDim);
    expect(relativeError(ys, yd)).toBeLessThanOrEqual(1e-6);
    expect(Math.max(...yd)).toBeGreaterThan(0); // the comparison is not between two zero vectors
  });

  it('nodeImportance() = |lambda_i| ||phi_:,i|| sqrt(units) (method spec §4), 0 for a masked unit', () => {
    const rng = makeRng(14);
    const inDim = 10;
    const units = 7;
    const w = randomSpectral(rng, inDim, units, 'relu');
    w.lambdaIn = new Array(inDim).fill(0);
    const { layer } = oneLayer({ inputDim: inDim, layers: [w] });
    const expected = Array.from({ length: units }, (_, i) => {
      let n2 = 0;
      for (let j = 0; j < inDim; j++) n2 += w.phi[j][i] ** 2;
      return Math.abs(w.lambdaOut[i]) * Math.sqrt(n2) * Math.sqrt(units);
    });
    const got = layer.nodeImportance();
    got.forEach((v, i) => expect(Math.abs(v - expected[i])).toBeLessThanOrEqual(1e-6 * expected[i]));
    layer.setNodeMask([1, 1, 0, 1, 1, 1, 1]);
    expect(layer.nodeImportance()[2]).toBe(0);
    expect(layer.nodeImportance()[3]).toBeCloseTo(expected[3], 5);
  });

  it('the node mask removes a unit exactly: output equals the network with that unit deleted', () => {
    const rng = makeRng(15);
    const inDim = 5;
    const units = 6;
    const rows = 20;
    // The paper's setting (lambdaIn = 0, no bias, ReLU), where a zero eigenvalue switches the node off.
    const first = randomSpectral(rng, inDim, units, 'relu');
    first.lambdaIn = new Array(inDim).fill(0);
    const net: NetworkWeights = {
      inputDim: inDim,
      layers: [first, { kind: 'dense', kernel: matrix(rng, units, 2), bias: vector(rng, 2), activation: 'linear' }],
    };
    const model = networkToModel(net);
    const layer = model.layers[0] as SpectralDense;
    const x = inputs(rng, rows, inDim);
    const before = predict(model, x, rows, inDim);

    const removed = [1, 4];
    layer.setNodeMask([true, false, true, true, false, true]);
    expect(layer.eigenvalues().mask).toEqual([1, 0, 1, 1, 0, 1]);
    const masked = predict(model, x, rows, inDim);

    const keep = [...Array(units).keys()].filter((i) => !removed.includes(i));
    const smaller: NetworkWeights = {
      inputDim: inDim,
      layers: [
        {
          ...first,
          phi: first.phi.map((row) => keep.map((i) => row[i])),
          lambdaOut: keep.map((i) => first.lambdaOut[i]),
        },
        {
          ...net.layers[1],
          kernel: keep.map((i) => (net.layers[1] as { kernel: number[][] }).kernel[i]),
        } as NetworkWeights['layers'][number],
      ],
    };
    // Against the same network built without the units, in tfjs and in float64.
    expect(relativeError(masked, predict(networkToModel(smaller), x, rows, inDim))).toBeLessThanOrEqual(1e-6);
    expect(relativeError(masked, forward(smaller, x, rows))).toBeLessThanOrEqual(1e-5);
    // And the mask changed something: the deleted units carried signal.
    expect(relativeError(before, masked)).toBeGreaterThan(1e-3);

    layer.clearNodeMask();
    expect(Array.from(predict(model, x, rows, inDim))).toEqual(Array.from(before));
  });

  it('accepts inputDim as shorthand for inputShape', () => {
    const model = tf.sequential({ layers: [new SpectralDense({ units: 2, inputDim: 3 })] });
    expect(model.inputs[0].shape).toEqual([null, 3]);
    expect(model.outputs[0].shape).toEqual([null, 2]);
  });

  it('computes output shapes and works on rank-3 inputs along the last axis', () => {
    const layer = new SpectralDense({ units: 3, activation: 'tanh', seed: 5 });
    expect(layer.computeOutputShape([null, 4])).toEqual([null, 3]);
    expect(layer.computeOutputShape([null, 2, 4])).toEqual([null, 2, 3]);
    const x = tf.randomUniform([2, 5, 4], -1, 1, 'float32', 3);
    const y3 = layer.apply(x) as tf.Tensor;
    expect(y3.shape).toEqual([2, 5, 3]);
    const y2 = layer.apply(tf.reshape(x, [10, 4])) as tf.Tensor;
    expect(relativeError(y3.dataSync(), y2.dataSync())).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, y3, y2]);
  });

  it('works several layers deep in a functional model', () => {
    const rng = makeRng(16);
    const net: NetworkWeights = {
      inputDim: 4,
      layers: [
        randomSpectral(rng, 4, 6, 'relu'),
        randomSpectral(rng, 6, 5, 'tanh', true),
        randomSpectral(rng, 5, 2, 'linear'),
      ],
    };
    const input = tf.input({ shape: [4] });
    let h: tf.SymbolicTensor = input;
    const layers = net.layers.map(
      (w) =>
        new SpectralDense({
          units: (w as { lambdaOut: number[] }).lambdaOut.length,
          activation: w.activation,
          useBias: !!w.bias,
        }),
    );
    for (const l of layers) h = l.apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: h });
    layers.forEach((l, k) => l.setLayerWeights(net.layers[k] as never));
    const x = inputs(rng, 10, 4);
    expect(relativeError(predict(model, x, 10, 4), forward(net, x, 10))).toBeLessThanOrEqual(1e-5);
  });

  it('getConfig -> fromConfig rebuilds an identical layer', () => {
    const layer = new SpectralDense({
      units: 4,
      activation: 'sigmoid',
      useBias: true,
      lambdaInTrainable: true,
      lambdaOutTrainable: false,
      phiL2: 0.02,
      lambdaL2: 1e-3,
      seed: 42,
      name: 'spec',
    });
    const copy = SpectralDense.fromConfig(SpectralDense, layer.getConfig()) as SpectralDense;
    expect(copy).toBeInstanceOf(SpectralDense);
    expect(copy.getConfig()).toEqual(layer.getConfig());
    // Same seeded initializers, so the same initial weights.
    const [a, b] = [layer, copy].map((l) => {
      l.build([null, 3]);
      return l.getWeights().map((t) => Array.from(t.dataSync()));
    });
    expect(b).toEqual(a);
    expect(layer.getConfig()).toMatchObject({
      units: 4,
      activation: 'sigmoid',
      useBias: true,
      lambdaInTrainable: true,
      lambdaOutTrainable: false,
      phiL2: 0.02,
      lambdaL2: 1e-3,
      seed: 42,
    });
  });

  it('uses the paper defaults: Glorot-uniform phi, lambdaIn = 0 frozen, lambdaOut = 1 trained, no bias, L2 0.01 / 5e-4', () => {
    const inDim = 10;
    const units = 200;
    const layer = new SpectralDense({ units, seed: 7 });
    layer.build([null, inDim]);
    expect(layer.getConfig()).toMatchObject({
      useBias: false,
      phiL2: 0.01,
      lambdaL2: 5e-4,
      phiTrainable: true,
      lambdaInTrainable: false,
      lambdaOutTrainable: true,
    });
    const phi = Array.from(weightOf(layer, 'phi').read().dataSync());
    const a = Math.sqrt(6 / (inDim + units));
    const max = phi.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(max).toBeLessThanOrEqual(a);
    expect(max).toBeGreaterThan(0.95 * a); // 2000 uniform draws reach the edge of U(-a, a)
    const mean = phi.reduce((s, v) => s + v, 0) / phi.length;
    const variance = phi.reduce((s, v) => s + (v - mean) ** 2, 0) / phi.length;
    expect(variance).toBeGreaterThan((0.9 * (a * a)) / 3);
    expect(variance).toBeLessThan((1.1 * (a * a)) / 3);
    expect(layer.trainableWeights.map((w) => w.originalName.split('/').pop())).toEqual(['phi', 'lambda_out']);
    expect(layer.nonTrainableWeights.map((w) => w.originalName.split('/').pop()).sort()).toEqual([
      'lambda_in',
      'node_mask',
    ]);
  });
});

describe('SpectralDense errors', () => {
  it.each([0, -3, 2.5, Number.NaN, '4' as unknown as number])('rejects units = %p', (units) => {
    expect(() => new SpectralDense({ units })).toThrow(/^spectral\/SpectralDense: units must be a positive integer/);
  });

  it('rejects unknown activations, negative L2 coefficients and unknown initializers', () => {
    expect(() => new SpectralDense({ units: 2, activation: 'swirl' })).toThrow(
      /spectral\/SpectralDense: unknown activation 'swirl'/,
    );
    expect(() => new SpectralDense({ units: 2, phiL2: -1 })).toThrow(
      /spectral\/SpectralDense: phiL2 must be a finite number >= 0/,
    );
    expect(() => new SpectralDense({ units: 2, lambdaL2: Number.NaN })).toThrow(/spectral\/SpectralDense: lambdaL2/);
    expect(() => new SpectralDense({ units: 2, phiInitializer: 'nope' as never })).toThrow(
      /spectral\/SpectralDense: unknown phiInitializer 'nope'/,
    );
  });

  it('rejects a mask of the wrong length or with non-numbers, and masks before build', () => {
    const unbuilt = new SpectralDense({ units: 4, name: 'lonely' });
    expect(() => unbuilt.setNodeMask([1, 1, 1, 1])).toThrow(/spectral\/setNodeMask: layer 'lonely' is not built yet/);
    expect(() => unbuilt.directWeights()).toThrow(/spectral\/directWeights: layer 'lonely' is not built yet/);
    const layer = new SpectralDense({ units: 4, name: 'masked' });
    layer.build([null, 3]);
    expect(() => layer.setNodeMask([1, 0, 1])).toThrow(
      /^spectral\/setNodeMask: mask has length 3 but layer 'masked' has 4 units/,
    );
    expect(() => layer.setNodeMask([1, 0, Number.NaN, 1])).toThrow(/spectral\/setNodeMask: mask\[2\] is NaN/);
  });
});
