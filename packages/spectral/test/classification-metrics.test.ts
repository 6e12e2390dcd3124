import {
  argmaxRow,
  classificationAccuracy,
  classificationMetrics,
  softmaxCrossEntropy,
  softmaxCrossEntropyRow,
  type NetworkWeights,
} from '@spectral-ts/spectral';

// A spectral 2 -> 2 ReLU layer (lambdaIn = 0, lambdaOut = -1, so W = phi) and a 2 -> 3 linear read-out with a bias:
// h = (relu(x0), relu(x1 - x0)), z = (h0, 2 h1, 0.5).
const net: NetworkWeights = {
  inputDim: 2,
  layers: [
    {
      kind: 'spectral',
      phi: [
        [1, -1],
        [0, 1],
      ],
      lambdaIn: [0, 0],
      lambdaOut: [-1, -1],
      activation: 'relu',
    },
    {
      kind: 'dense',
      kernel: [
        [1, 0, 0],
        [0, 2, 0],
      ],
      bias: [0, 0, 0.5],
      activation: 'linear',
    },
  ],
};
// Rows (1, 0), (0, 1), (1, 1), (2, -1): h = (1, 0), (0, 1), (1, 0), (2, 0); z = (1, 0, .5), (0, 2, .5), (1, 0, .5),
// (2, 0, .5); argmax 0, 1, 0, 0.
const x = Float32Array.from([1, 0, 0, 1, 1, 1, 2, -1]);
const y = Float32Array.from([0, 1, 2, 0]);

describe('classificationAccuracy', () => {
  it('is the fraction of rows whose argmax output is the label', () => {
    // rows 0, 1 and 3 are right, row 2 (label 2, argmax 0) is wrong
    expect(classificationAccuracy(net, x, y, 4)).toBe(0.75);
    expect(classificationAccuracy(net, x, Float32Array.from([0, 1, 0, 0]), 4)).toBe(1);
    expect(classificationAccuracy(net, x, Float32Array.from([2, 2, 1, 1]), 4)).toBe(0);
  });

  it('takes the first of equal outputs, as numpy argmax does', () => {
    expect(argmaxRow([3, 1, 3], 0, 3)).toBe(0);
    expect(argmaxRow([0, 5, 7, 7], 1, 3)).toBe(1);
    expect(argmaxRow([0, NaN, 1], 0, 3)).toBe(-1);
  });
});

describe('softmaxCrossEntropy', () => {
  it('is the mean of logsumexp(z) - z[y] (natural log)', () => {
    const lse = (...z: number[]): number => Math.log(z.reduce((s, v) => s + Math.exp(v), 0));
    const expected = (lse(1, 0, 0.5) - 1 + (lse(0, 2, 0.5) - 2) + (lse(1, 0, 0.5) - 0.5) + (lse(2, 0, 0.5) - 2)) / 4;
    // by hand: (0.68027 + 0.30636 + 1.18027 + 0.30636) / 4
    expect(expected).toBeCloseTo(0.61831, 4);
    expect(softmaxCrossEntropy(net, x, y, 4)).toBeCloseTo(expected, 12);
  });

  it('stays finite for logits far beyond exp overflow (stable logsumexp)', () => {
    const big = structuredClone(net);
    const out = big.layers[1];
    if (out.kind !== 'dense') throw new Error('unreachable');
    out.kernel = out.kernel.map((row) => row.map((v) => v * 1000));
    // z = (1000, 0, .5), (0, 2000, .5), (1000, 0, .5), (2000, 0, .5): only row 2 costs, 1000 - 0.5
    expect(softmaxCrossEntropy(big, x, y, 4)).toBeCloseTo(999.5 / 4, 9);
    expect(softmaxCrossEntropyRow([1000, 0, 0.5], 0, 3, 2)).toBeCloseTo(999.5, 9);
  });
});

describe('classificationMetrics', () => {
  it('gives both numbers from one forward pass, equal to the separate functions', () => {
    expect(classificationMetrics(net, x, y, 4)).toEqual({
      accuracy: classificationAccuracy(net, x, y, 4),
      crossEntropy: softmaxCrossEntropy(net, x, y, 4),
    });
    expect(classificationMetrics(net, x, y, 4).accuracy).toBe(0.75);
    expect(() => classificationMetrics(net, x, Float32Array.from([0, 1, 2, 3]), 4)).toThrow(
      /^spectral\/classificationMetrics: y\[3\] = 3 is not a class index/,
    );
  });
});

describe('classification metrics on bad input', () => {
  it('names the row whose label does not fit the output width', () => {
    expect(() => classificationAccuracy(net, x, Float32Array.from([0, 3, 0, 0]), 4)).toThrow(
      'spectral/classificationAccuracy: y[1] = 3 is not a class index of a network with 3 outputs',
    );
    expect(() => softmaxCrossEntropy(net, x, Float32Array.from([0, 1, 0.5, 0]), 4)).toThrow(
      /softmaxCrossEntropy: y\[2\] = 0.5 is not a class index/,
    );
    expect(() => softmaxCrossEntropy(net, x, Float32Array.from([0, 1]), 4)).toThrow(/y has 2 labels for 4 rows/);
  });

  it('refuses a single-output network and non-finite outputs', () => {
    const regression: NetworkWeights = {
      inputDim: 2,
      layers: [{ kind: 'dense', kernel: [[1], [1]], activation: 'linear' }],
    };
    expect(() => classificationAccuracy(regression, x, Float32Array.from([0, 0, 0, 0]), 4)).toThrow(
      /the network has 1 output; a classifier needs one output per class, at least 2/,
    );
    const broken = structuredClone(net);
    if (broken.layers[1].kind === 'dense') broken.layers[1].bias = [0, NaN, 0];
    expect(() => classificationAccuracy(broken, x, y, 4)).toThrow(/output for row 0 is not finite/);
    expect(() => softmaxCrossEntropy(broken, x, y, 4)).toThrow(/output for row 0 is not finite/);
  });
});
