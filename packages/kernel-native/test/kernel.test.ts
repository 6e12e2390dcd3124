// The addon itself: it loads, reports the instruction set it dispatches to, and computes a hand-checked batch
// gradient and Adam step on every instruction set this CPU runs. Training-level tests live in @spectral-ts/training.
import { loadNativeKernel, nativeKernelStatus, NATIVE_ISAS, type NativeTrainerSpec } from '../src';

const status = nativeKernelStatus();
if (!status.loaded) console.log(`kernel-native tests skipped: ${status.reason}`);
const maybe = status.loaded ? describe : describe.skip;

/** One linear dense layer 2 -> 1, W = [1, 2]; rows (1, 0) and (0, 1) labelled 0. */
function tinySpec(): NativeTrainerSpec {
  return {
    inputDim: 2,
    maxRows: 2,
    trainedSize: 2,
    fullSize: 2,
    layers: [{ spectral: false, relu: false, inDim: 2, units: 1, kernel: 0 }],
    l2: new Float64Array(2),
    trainX: Float32Array.from([1, 0, 0, 1]),
    trainY: Float32Array.from([0, 0]),
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-7,
  };
}

maybe('native kernel', () => {
  const kernel = loadNativeKernel()!;

  it('dispatches to the widest instruction set the CPU runs, portable always among them', () => {
    const available = NATIVE_ISAS.filter((i) => kernel.isaAvailable(i));
    expect(available).toContain('portable');
    expect(kernel.isa).toBe(process.env.SPECTRAL_NATIVE_ISA ?? available[0]);
    expect(status).toEqual({ loaded: true, isa: kernel.isa });
  });

  it.each(NATIVE_ISAS.filter((i) => kernel.isaAvailable(i)))(
    '%s: batch SSE 5, gradient (1, 2), Adam step to (0.9, 1.9)',
    (isa) => {
      const params = Float32Array.from([1, 2]);
      const trainer = kernel.createTrainer(tinySpec(), params, isa);
      expect(trainer.isa).toBe(isa);
      // outputs (1, 2): SSE 1 + 4; d MSE / d out = (2 / 2) (out - y) = (1, 2); dW_k = sum_r x_rk d_r = (1, 2).
      expect(trainer.lossGradient(0, 2)).toBe(5);
      expect(Array.from(trainer.gradient())).toEqual([1, 2]);
      // First Adam step: m / c1 = g, v / c2 = g^2, so each entry moves by lr g / (|g| + eps) = lr.
      trainer.adam(1, 0.1, 0);
      expect(params[0]).toBeCloseTo(0.9, 6);
      expect(params[1]).toBeCloseTo(1.9, 6);
      // One epoch call: one batch of 2 rows, its SSE at the new weights (0.81 + 3.61).
      const sse = new Float64Array(1);
      expect(trainer.epoch(2, 2, 0.1, null, sse)).toBe(1);
      expect(sse[0]).toBeCloseTo(4.42, 5);
    },
  );

  it('names the field of a malformed spec', () => {
    expect(() => kernel.createTrainer({ ...tinySpec(), l2: new Float64Array(5) }, new Float32Array(2))).toThrow(
      /l2, trainX\/trainY or valX\/valY sizes/,
    );
    expect(() => kernel.createTrainer(tinySpec(), new Float32Array(3))).toThrow(
      /params must be a Float32Array of fullSize/,
    );
    expect(() => kernel.createTrainer({ ...tinySpec(), trainX: [1, 0, 0, 1] as never }, new Float32Array(2))).toThrow(
      /trainX must be a Float32Array/,
    );
  });
});

/** One linear dense layer 2 -> 2 logits, W = identity; rows (1, 0) and (0, 1) both of class 0. */
function crossEntropySpec(labels = [0, 0]): NativeTrainerSpec {
  return {
    ...tinySpec(),
    trainedSize: 4,
    fullSize: 4,
    layers: [{ spectral: false, relu: false, inDim: 2, units: 2, kernel: 0 }],
    l2: new Float64Array(4),
    trainY: Float32Array.from(labels),
    loss: 'softmax-cross-entropy',
  };
}

maybe('native kernel, softmax cross-entropy', () => {
  const kernel = loadNativeKernel()!;

  it.each(NATIVE_ISAS.filter((i) => kernel.isaAvailable(i)))(
    '%s: batch loss 2 ln(1 + e) - 1, gradient (softmax - onehot) / rows',
    (isa) => {
      const trainer = kernel.createTrainer(crossEntropySpec(), Float32Array.from([1, 0, 0, 1]), isa);
      // Logits (1, 0) and (0, 1): logsumexp ln(1 + e) each, minus z[0] = 1 and 0.
      expect(trainer.lossGradient(0, 2)).toBeCloseTo(2 * Math.log(1 + Math.E) - 1, 6);
      const p = Math.E / (1 + Math.E);
      // dW[j][i] = sum_r x_rj (softmax_ri - onehot_ri) / 2: row 1 fills j = 0, row 2 fills j = 1.
      const expected = [(p - 1) / 2, (1 - p) / 2, (1 - p - 1) / 2, p / 2];
      Array.from(trainer.gradient()).forEach((g, k) => expect(g).toBeCloseTo(expected[k], 6));
    },
  );

  it('refuses a label that is not a class index of the last layer', () => {
    for (const bad of [
      [0, 2],
      [0, -1],
      [0, 0.5],
    ]) {
      expect(() => kernel.createTrainer(crossEntropySpec(bad), new Float32Array(4))).toThrow(/class index 0..units-1/);
    }
    const oneOutput = { ...crossEntropySpec(), ...tinySpec(), loss: 'softmax-cross-entropy' as const };
    expect(() => kernel.createTrainer(oneOutput, new Float32Array(2))).toThrow(/linear last layer of >= 2 units/);
  });
});
