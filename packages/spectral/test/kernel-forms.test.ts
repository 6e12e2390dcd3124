// The two forms of W = phi (lambdaIn - mask lambdaOut) (method spec §1) the packages share: spectralKernelInto
// (float64, flat arrays) and spectralKernel (tensors, broadcast over leading axes such as a trial axis).
import * as tf from '@tensorflow/tfjs';
import { directKernel, SpectralDense, spectralKernel, spectralKernelInto } from '@spectral-ts/spectral';

const phi = [
  [1, 2, -0.5],
  [3, -1, 0.25],
];
const lambdaIn = [0.5, -2];
const lambdaOut = [2, -1, 4];
const mask = [1, 0, 0.5];
// W[j][i] = phi[j][i] (lambdaIn[j] - mask[i] lambdaOut[i]), written out by hand.
const expected = [
  [1 * (0.5 - 2), 2 * (0.5 - 0), -0.5 * (0.5 - 2)],
  [3 * (-2 - 2), -1 * (-2 - 0), 0.25 * (-2 - 2)],
];

describe('spectralKernelInto (float64)', () => {
  it('writes W row-major from flat arrays and subarray views, and is what directKernel returns', () => {
    const out = new Float64Array(6);
    spectralKernelInto(out, phi.flat(), lambdaIn, lambdaOut, mask);
    expect(Array.from(out)).toEqual(expected.flat());
    // Views into one parameter vector, as a training loop passes them.
    const full = Float64Array.from([...phi.flat(), ...lambdaIn, ...lambdaOut]);
    const views = new Float64Array(6);
    spectralKernelInto(views, full.subarray(0, 6), full.subarray(6, 8), full.subarray(8, 11), mask);
    expect(Array.from(views)).toEqual(expected.flat());
    const layer = { kind: 'spectral', phi, lambdaIn, lambdaOut, mask, activation: 'relu' } as const;
    expect(directKernel(layer)).toEqual(expected);
    // No mask means all ones.
    spectralKernelInto(out, phi.flat(), lambdaIn, lambdaOut);
    expect(out[1]).toBe(2 * (0.5 + 1));
  });
});

describe('spectralKernel (tensors)', () => {
  it('broadcasts over a trial axis, returns the factor dW/dphi, and takes other mul/sub implementations', () => {
    const calls: string[] = [];
    const ops = {
      mul: (a: tf.Tensor, b: tf.Tensor) => (calls.push('mul'), tf.mul(a, b)),
      sub: (a: tf.Tensor, b: tf.Tensor) => (calls.push('sub'), tf.sub(a, b)),
    };
    const twice = (a: number[][]) => [a, a.map((row) => row.map((v) => 2 * v))];
    const { kernel, factor } = tf.tidy(() =>
      spectralKernel(
        tf.tensor3d(twice(phi)),
        tf.tensor3d(twice(lambdaIn.map((v) => [v]))),
        tf.tensor3d(twice([lambdaOut])),
        tf.tensor3d([[mask]]),
        ops,
      ),
    );
    expect(calls).toEqual(['mul', 'sub', 'mul']);
    const k = kernel.arraySync() as number[][][];
    const d = factor.arraySync() as number[][][];
    tf.dispose([kernel, factor]);
    const close = (a: number[][], b: number[][]) => a.flat().forEach((v, i) => expect(v).toBeCloseTo(b.flat()[i], 5));
    close(k[0], expected);
    // Trial 1 doubles phi and both eigenvalue vectors: W scales by 4.
    close(
      k[1],
      expected.map((row) => row.map((v) => 4 * v)),
    );
    close(
      d[0],
      lambdaIn.map((l) => lambdaOut.map((o, i) => l - mask[i] * o)),
    );
  });

  it('is the kernel SpectralDense applies', () => {
    const layer = new SpectralDense({ units: 3, inputShape: [2] });
    tf.sequential({ layers: [layer] });
    layer.setLayerWeights({ kind: 'spectral', phi, lambdaIn, lambdaOut, mask, activation: 'linear' });
    const w = layer.directWeights();
    const values = w.arraySync();
    w.dispose();
    values.flat().forEach((v, i) => expect(v).toBeCloseTo(expected.flat()[i], 5));
  });
});
