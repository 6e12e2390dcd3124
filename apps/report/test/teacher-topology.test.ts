import type { NetworkWeights } from '@spectral-ts/spectral';
import { inStrengths, onQuantileGrid, quantileOf, rangeNormalisedHistogram, sortedPathValues } from '../src/teacher-topology';

// 2 inputs -> 2 hidden (spectral, lambdaIn = 0, so W = -phi * lambda) -> 2 second-layer nodes.
const net: NetworkWeights = {
  inputDim: 2,
  layers: [
    { kind: 'spectral', phi: [[1, -2], [3, 0.5]], lambdaIn: [0, 0], lambdaOut: [2, -1], activation: 'relu' },
    { kind: 'dense', kernel: [[1, -1], [0.5, 2]], activation: 'relu' },
    { kind: 'dense', kernel: [[1], [1]], activation: 'linear' },
  ],
};
// Direct first-layer weights W1[i][j] = -phi[i][j] * lambda[j]: [[-2, -2], [-6, 0.5]].
const W1 = [[-2, -2], [-6, 0.5]];
const W2 = [[1, -1], [0.5, 2]];

describe('teacher topology helpers', () => {
  it('lists every path value W1[i,j] W2[j,k], sorted (brute force)', () => {
    const brute: number[] = [];
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 2; k++) brute.push(W1[i][j] * W2[j][k]);
    expect(sortedPathValues(net)).toEqual(brute.sort((a, b) => a - b));
    // only node 1 kept: paths through it alone
    expect(sortedPathValues(net, [1])).toEqual([-2 * 0.5, -2 * 2, 0.5 * 0.5, 0.5 * 2].sort((a, b) => a - b));
  });
  it('computes in-strengths from the true direct weights (sign kept, method spec §5.5)', () => {
    expect(inStrengths(net)).toEqual([-8, -1.5]);
    expect(inStrengths(net, [1])).toEqual([-1.5]);
  });
  it('interpolates sorted values on a quantile grid', () => {
    expect(onQuantileGrid([0, 10], 5)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(onQuantileGrid([1, 2, 4], 3)).toEqual([1, 2, 4]);
    expect(quantileOf([0, 10, 20, 30], 0.5)).toBe(15);
  });
  it('bins range-normalised values in 0.1 bins as percent', () => {
    // range 10: values / 10 = 0, 0.05, 0.15, 1 -> bins 0, 0, 1, 10
    const h = rangeNormalisedHistogram([0, 0.5, 1.5, 10]);
    expect(h).toEqual([
      { left: 0, percent: 50 },
      { left: 0.1, percent: 25 },
      { left: 1, percent: 25 },
    ]);
    expect(rangeNormalisedHistogram([])).toEqual([]);
    expect(rangeNormalisedHistogram([3, 3])).toEqual([{ left: 0, percent: 100 }]);
  });
});
