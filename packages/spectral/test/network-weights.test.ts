import {
  directKernel,
  forward,
  meanSquaredError,
  nodeScores,
  validateNetwork,
  type NetworkWeights,
} from '@spectral-ts/spectral';

// A 2-input, 2-unit spectral layer followed by a dense read-out, small enough to check by hand.
const net: NetworkWeights = {
  inputDim: 2,
  layers: [
    {
      kind: 'spectral',
      phi: [
        [1, 2],
        [3, -1],
      ],
      lambdaIn: [0.5, 0],
      lambdaOut: [2, -1],
      activation: 'relu',
    },
    { kind: 'dense', kernel: [[1], [1]], activation: 'linear' },
  ],
};

describe('network-weights', () => {
  it('builds the direct kernel W[j][i] = phi[j][i] (lambdaIn[j] - lambdaOut[i])', () => {
    expect(directKernel(net.layers[0])).toEqual([
      [1 * (0.5 - 2), 2 * (0.5 + 1)],
      [3 * (0 - 2), -1 * (0 + 1)],
    ]);
  });

  it('runs the forward pass by hand', () => {
    // x = (1, 1): pre = (-1.5 - 6, 3 - 1) = (-7.5, 2) -> relu (0, 2) -> sum 2
    expect(Array.from(forward(net, [1, 1], 1))).toEqual([2]);
    expect(meanSquaredError(net, [1, 1, 0, 0], [1, 0], 2)).toBeCloseTo(0.5, 12);
  });

  it('scores nodes by incoming direct-weight norm times sqrt(units)', () => {
    const s = nodeScores(net.layers[0]);
    expect(s[0]).toBeCloseTo(Math.hypot(-1.5, -6) * Math.SQRT2, 12);
    expect(s[1]).toBeCloseTo(Math.hypot(3, -1) * Math.SQRT2, 12);
  });

  it('names the layer whose shapes do not chain', () => {
    const bad: NetworkWeights = { inputDim: 3, layers: net.layers };
    expect(() => validateNetwork(bad)).toThrow(/spectral\/validateNetwork: layer 0 expects 2 inputs/);
  });
});
