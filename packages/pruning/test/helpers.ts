// Small constructed networks and data sets for the pruning tests.
import { forward, type LayerWeights, type NetworkWeights, type SpectralLayerWeights } from '@spectral-ts/spectral';
import { createRng, type Dataset, type Rng } from '@spectral-ts/teacher-student';

export const matrix = (rng: Rng, rows: number, cols: number, scale = 1): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));

export const vector = (rng: Rng, n: number, scale = 1, offset = 0): number[] =>
  Array.from({ length: n }, () => offset + scale * rng.normal());

/** Gaussian inputs; labels from `labeler` (a network) or zeros. */
export function gaussianData(inputDim: number, rows: number, seed: number, labeler?: NetworkWeights): Dataset {
  const rng = createRng(seed);
  const x = new Float32Array(rows * inputDim);
  for (let i = 0; i < x.length; i++) x[i] = rng.normal();
  const y = labeler ? Float32Array.from(forward(labeler, x, rows)) : new Float32Array(rows);
  return { inputDim, rows, x, y };
}

/** The paper's chain shape: spectral(N1, relu, lambdaIn = 0) -> dense(h2, relu) -> dense(1, linear, ones). */
export function paperLikeNet(
  seed: number,
  inputDim: number,
  n1: number,
  h2: number,
  options: { bias?: boolean } = {},
): NetworkWeights {
  const rng = createRng(seed);
  const first: SpectralLayerWeights = {
    kind: 'spectral',
    phi: matrix(rng, inputDim, n1, 0.5),
    lambdaIn: new Array(inputDim).fill(0),
    lambdaOut: vector(rng, n1, 0.7, 0),
    activation: 'relu',
    ...(options.bias ? { bias: vector(rng, n1, 0.3) } : {}),
  };
  const second: LayerWeights = {
    kind: 'dense',
    kernel: matrix(rng, n1, h2, 0.5),
    activation: 'relu',
    ...(options.bias ? { bias: vector(rng, h2, 0.2) } : {}),
  };
  const out: LayerWeights = { kind: 'dense', kernel: Array.from({ length: h2 }, () => [1]), activation: 'linear' };
  return { inputDim, layers: [first, second, out] };
}

/**
 * A teacher whose every first-layer node matters (positive second-layer weights, so removing any node lowers the
 * output wherever that node is active).
 */
export function teacherNet(seed: number, inputDim: number, hT: number, h2: number): NetworkWeights {
  const rng = createRng(seed);
  return {
    inputDim,
    layers: [
      {
        kind: 'spectral',
        phi: matrix(rng, inputDim, hT),
        lambdaIn: new Array(inputDim).fill(0),
        lambdaOut: new Array(hT).fill(1),
        activation: 'relu',
      },
      {
        kind: 'dense',
        kernel: Array.from({ length: hT }, () => Array.from({ length: h2 }, () => rng.uniformIn(0.5, 1.5))),
        activation: 'relu',
      },
      { kind: 'dense', kernel: Array.from({ length: h2 }, () => [1]), activation: 'linear' },
    ],
  };
}

/**
 * A student = the teacher's nodes plus `extra` nodes with eigenvalue `extraLambda` (0: exactly dead; tiny: nearly),
 * interleaved at random positions, each with random phi and random outgoing weights (so they would matter if alive).
 * Returns the student and the positions of the teacher's nodes.
 */
export function studentFromTeacher(
  teacher: NetworkWeights,
  extra: number,
  extraLambda: number,
  seed: number,
): { student: NetworkWeights; teacherNodes: number[] } {
  const rng = createRng(seed);
  const t1 = teacher.layers[0] as SpectralLayerWeights;
  const t2 = teacher.layers[1] as Extract<LayerWeights, { kind: 'dense' }>;
  const hT = t1.lambdaOut.length;
  const n1 = hT + extra;
  const slots = Array.from(rng.permutation(n1));
  const teacherNodes = slots.slice(0, hT).sort((a, b) => a - b);
  const phi = Array.from({ length: teacher.inputDim }, () => new Array<number>(n1).fill(0));
  const lambdaOut = new Array<number>(n1).fill(extraLambda);
  const kernel2: number[][] = Array.from({ length: n1 }, () => t2.kernel[0].map(() => rng.uniformIn(0.5, 1.5)));
  teacherNodes.forEach((slot, k) => {
    for (let j = 0; j < teacher.inputDim; j++) phi[j][slot] = t1.phi[j][k];
    lambdaOut[slot] = t1.lambdaOut[k];
    kernel2[slot] = t2.kernel[k].slice();
  });
  for (let i = 0; i < n1; i++) {
    if (teacherNodes.includes(i)) continue;
    for (let j = 0; j < teacher.inputDim; j++) phi[j][i] = rng.normal();
  }
  return {
    student: {
      inputDim: teacher.inputDim,
      layers: [
        { kind: 'spectral', phi, lambdaIn: new Array(teacher.inputDim).fill(0), lambdaOut, activation: 'relu' },
        { kind: 'dense', kernel: kernel2, activation: 'relu' },
        structuredClone(teacher.layers[2]),
      ],
    },
    teacherNodes,
  };
}

export const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
