// foldToDense: every spectral layer becomes the dense layer it computes; the network's outputs do not change.
import { directKernel, foldToDense, forward, networkToModel, type NetworkWeights } from '@spectral-ts/spectral';
import { inputs, makeRng, matrix, randomSpectral, vector } from './helpers';

function network(): NetworkWeights {
  const rng = makeRng(11);
  const first = randomSpectral(rng, 5, 7, 'relu', true);
  first.lambdaIn = vector(rng, 5);
  first.mask = [1, 0, 1, 1, 0, 1, 1];
  return {
    inputDim: 5,
    layers: [
      first,
      randomSpectral(rng, 7, 4, 'tanh'),
      { kind: 'dense', kernel: matrix(rng, 4, 1), activation: 'linear', trainable: false },
    ],
  };
}

describe('foldToDense', () => {
  it('gives dense layers with the direct kernels, biases, activations and flags, and the same outputs', () => {
    const net = network();
    const dense = foldToDense(net);
    expect(dense.layers.map((l) => l.kind)).toEqual(['dense', 'dense', 'dense']);
    net.layers.forEach((layer, i) => {
      expect(dense.layers[i]).toEqual({
        kind: 'dense',
        kernel: directKernel(layer),
        activation: layer.activation,
        ...(layer.bias ? { bias: layer.bias } : {}),
        ...(layer.trainable !== undefined ? { trainable: layer.trainable } : {}),
      });
    });
    // a masked node's column is zero: W = phi (lambdaIn - mask lambdaOut) keeps only phi lambdaIn there
    const x = inputs(makeRng(2), 50, 5);
    const a = forward(net, x, 50);
    const b = forward(dense, x, 50);
    a.forEach((v, i) => expect(b[i]).toBeCloseTo(v, 12));
    // and its tfjs model has no SpectralDense
    expect(networkToModel(dense).layers.map((l) => l.getClassName())).toEqual(['Dense', 'Dense', 'Dense']);
  });

  it('does not modify its input', () => {
    const net = network();
    const copy = JSON.parse(JSON.stringify(net));
    const dense = foldToDense(net);
    (dense.layers[0] as { kernel: number[][] }).kernel[0][0] = 99;
    expect(net).toEqual(copy);
  });
});
