// networkToModel / modelToNetwork: NetworkWeights <-> tfjs models, exactly (up to float32 rounding).
import * as tf from '@tensorflow/tfjs';
import { SpectralDense, forward, modelToNetwork, networkToModel, type NetworkWeights } from '@spectral-ts/spectral';
import { inputs, makeRng, matrix, predict, randomSpectral, relativeError, vector } from './helpers';

function sampleNet(): NetworkWeights {
  const rng = makeRng(51);
  const a = randomSpectral(rng, 4, 6, 'relu', true);
  a.mask = [1, 1, 0, 1, 0.5, 1];
  return {
    inputDim: 4,
    layers: [
      a,
      { kind: 'dense', kernel: matrix(rng, 6, 5), bias: vector(rng, 5), activation: 'sigmoid' },
      randomSpectral(rng, 5, 2, 'linear'),
    ],
  };
}

describe('networkToModel / modelToNetwork', () => {
  it('round-trips every weight, mask, bias and activation (inputs are float32-representable, so exactly)', () => {
    const net = sampleNet();
    const model = networkToModel(net);
    expect(model.layers.map((l) => l.getClassName())).toEqual(['SpectralDense', 'Dense', 'SpectralDense']);
    expect(modelToNetwork(model)).toEqual(net);
  });

  it('the model computes the float64 forward pass of the network', () => {
    const net = sampleNet();
    const x = inputs(makeRng(52), 25, 4);
    expect(relativeError(predict(networkToModel(net), x, 25, 4), forward(net, x, 25))).toBeLessThanOrEqual(1e-5);
  });

  it('sets trainable flags: lambdaIn frozen when zero (the paper), trainable when not; trainable: false freezes all', () => {
    const net = sampleNet();
    (net.layers[2] as { lambdaIn: number[] }).lambdaIn = new Array(5).fill(0);
    const model = networkToModel(net);
    const names = (l: tf.layers.Layer) => l.trainableWeights.map((w) => w.originalName.split('/').pop()).sort();
    expect(names(model.layers[0])).toEqual(['bias', 'lambda_in', 'lambda_out', 'phi']);
    expect(names(model.layers[1])).toEqual(['bias', 'kernel']);
    expect(names(model.layers[2])).toEqual(['lambda_out', 'phi']);
    expect(networkToModel(net, { trainable: false }).trainableWeights).toHaveLength(0);
  });

  it("carries trainable: false (a frozen layer, e.g. the paper's all-ones output layer) both ways", () => {
    const net = sampleNet();
    net.layers[1].trainable = false;
    net.layers[2].trainable = false;
    const model = networkToModel(net);
    expect(model.layers.map((l) => l.trainable)).toEqual([true, false, false]);
    expect(model.layers[1].trainableWeights).toHaveLength(0);
    expect(model.layers[2].trainableWeights).toHaveLength(0);
    expect(modelToNetwork(model)).toEqual(net);
  });

  it('rounds float64 weights to float32 on the way in', () => {
    const net: NetworkWeights = { inputDim: 1, layers: [{ kind: 'dense', kernel: [[0.1]], activation: 'linear' }] };
    const back = modelToNetwork(networkToModel(net));
    expect((back.layers[0] as { kernel: number[][] }).kernel[0][0]).toBe(Math.fround(0.1));
  });

  it('names the layer it cannot convert', () => {
    const model = tf.sequential({
      layers: [
        new SpectralDense({ units: 3, inputShape: [2] }),
        tf.layers.dropout({ rate: 0.5, name: 'drop' }),
        tf.layers.dense({ units: 1 }),
      ],
    });
    expect(() => modelToNetwork(model)).toThrow(
      /^spectral\/modelToNetwork: layer 1 \('drop'\) is a Dropout; only SpectralDense and Dense/,
    );
    const elu = tf.sequential({
      layers: [tf.layers.dense({ units: 2, inputShape: [2], activation: 'elu', name: 'e' })],
    });
    expect(() => modelToNetwork(elu)).toThrow(/spectral\/modelToNetwork: layer 0 \('e'\) uses activation 'elu'/);
  });

  it('refuses a functional model that is not a plain chain', () => {
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 3 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 3, name: 'skip' }).apply(input) as tf.SymbolicTensor; // branches off the input
    const model = tf.model({ inputs: input, outputs: [a, b] });
    expect(() => modelToNetwork(model)).toThrow(
      /spectral\/modelToNetwork: layer 1 \('skip'\) does not take its input from the layer before it/,
    );
  });

  it('rejects a network whose shapes do not chain', () => {
    const net = sampleNet();
    net.inputDim = 3;
    expect(() => networkToModel(net)).toThrow(/spectral\/validateNetwork: layer 0 expects 4 inputs/);
  });
});
