// The native engine (the fused C++ trainer of @spectral-ts/kernel-native) on every instruction set this CPU runs:
// gradients against tf autodiff, the fused one-call-per-epoch path against the same trainer driven step by step,
// every strategy (phase masks, frozen groups, L2) against the wasm-simd engine, and the instruction sets against
// each other.
import type { NetworkWeights } from '@spectral-ts/spectral';
import { createRng } from '@spectral-ts/teacher-student';
import { loadNativeKernel, NATIVE_ISAS } from '@spectral-ts/kernel-native';
import {
  autodiffGradient,
  buildTrainingPlan,
  getStrategy,
  packNetwork,
  spectralStrategy,
  trainTrials,
  type TrainingStrategy,
  type TrainTrialsRequest,
} from '../src';
import { NativeNetwork } from '../src/native-engine';
import { trainedL2Penalty } from '../src/training-plan';
import { deepReluNet, maxRelErr, nativeEngines, randomStudent, teacherData, trainEverything } from './helpers';

const kernel = nativeEngines().length > 0 ? loadNativeKernel() : null;
const isas = kernel ? NATIVE_ISAS.filter((i) => kernel.isaAvailable(i)) : [];
const describeNative = kernel ? describe : describe.skip;

const cases: [string, NetworkWeights, TrainingStrategy, number[]][] = [
  ['paper student, spectral strategy', randomStudent(11, 10, 12, 6), spectralStrategy(), [2]],
  ['paper student at N1 = 40, spectral strategy', randomStudent(12, 10, 40, 20), spectralStrategy(), [2]],
  ['deep relu/linear chain, every parameter trained', deepReluNet(6), trainEverything, []],
];

describeNative('native trainer gradient', () => {
  describe.each(cases)('%s', (_name, net, strategy, frozen) => {
    const plan = buildTrainingPlan(net, strategy, frozen);
    const full = packNetwork(plan, net);
    const data = teacherData(9, 37, net.inputDim);

    it.each(isas)('%s: equals tf autodiff to 1e-4, in any row order', (isa) => {
      const reference = autodiffGradient(plan, full, data.x, data.y, data.rows);
      const scale = Math.max(...reference.grad.map(Math.abs));
      const native = new NativeNetwork(plan, data.rows, full, data, undefined, isa);
      expect(native.trainer.isa).toBe(isa);
      native.trainer.setOrder(Int32Array.from({ length: data.rows }, (_, r) => r));
      const sse = native.trainer.lossGradient(0, data.rows);
      expect(Math.abs(sse / data.rows - reference.mse) / reference.mse).toBeLessThan(1e-5);
      expect(maxRelErr(native.trainer.gradient(), reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
      native.trainer.setOrder(Int32Array.from({ length: data.rows }, (_, r) => (r * 7) % data.rows));
      native.trainer.lossGradient(0, data.rows);
      expect(maxRelErr(native.trainer.gradient(), reference.grad, 1e-2 * scale)).toBeLessThan(1e-4);
    });
  });
});

describeNative('native engine training', () => {
  const trial = (k: number) => ({
    initial: randomStudent(100 + k, 10, 24, 8),
    train: teacherData(200 + k, 250),
    validation: teacherData(300 + k, 70),
    shuffleSeed: 400 + k,
  });

  it('one call per epoch gives bit for bit what the same trainer gives driven batch by batch', () => {
    const { initial, train, validation } = trial(1);
    const plan = buildTrainingPlan(initial, getStrategy('alternating'), [2]);
    const full = packNetwork(plan, initial);
    const fused = new NativeNetwork(plan, 40, full, train, validation);
    const stepped = new NativeNetwork(plan, 40, full, train, validation);
    const sse = new Float64Array(7);
    const penalty = new Float64Array(7);
    for (let e = 0; e < 6; e++) {
      const order = createRng(e).permutation(train.rows);
      fused.trainer.setOrder(order);
      stepped.trainer.setOrder(order);
      const phases = Int32Array.from({ length: 7 }, (_, k) => plan.phaseIndexAt(7 * e + k));
      expect(fused.trainer.epoch(40, 7 * e + 1, 0.005, phases, sse, penalty)).toBe(7);
      for (let k = 0; k < 7; k++) {
        expect(trainedL2Penalty(plan, stepped.params)).toBeCloseTo(penalty[k], 12);
        expect(stepped.trainer.lossGradient(40 * k, Math.min(40, train.rows - 40 * k))).toBe(sse[k]);
        stepped.trainer.adam(7 * e + k + 1, 0.005, phases[k]);
      }
      expect(stepped.params).toEqual(fused.params);
    }
    expect(stepped.trainer.validationSse()).toBe(fused.trainer.validationSse());
  });

  it.each(['spectral', 'direct', 'eigenvalues-only', 'alternating'])(
    "%s: the wasm-simd engine's losses to 1e-3 over 8 epochs",
    async (strategy) => {
      const request: TrainTrialsRequest = {
        trials: [trial(3)],
        strategy,
        strategyOptions: { batchSize: 50 },
        epochs: 8,
      };
      const [native, wasm] = await Promise.all([
        trainTrials({ ...request, engine: 'native' }),
        trainTrials({ ...request, engine: 'wasm-simd' }),
      ]);
      expect(native.engine).toBe('native');
      const a = native.trials[0].history;
      const b = wasm.trials[0].history;
      expect(
        maxRelErr(
          a.map((h) => h.trainLoss),
          b.map((h) => h.trainLoss),
        ),
      ).toBeLessThan(1e-3);
      expect(
        maxRelErr(
          a.map((h) => h.valMse!),
          b.map((h) => h.valMse!),
        ),
      ).toBeLessThan(1e-3);
    },
  );

  it('every instruction set trains to the same losses (1e-4) and is deterministic run to run', () => {
    const plan = buildTrainingPlan(trial(4).initial, spectralStrategy(), [2]);
    const full = packNetwork(plan, trial(4).initial);
    const { train, validation } = trial(4);
    const losses = (isa: (typeof isas)[number]) => {
      const net = new NativeNetwork(plan, 50, full, train, validation, isa);
      const sse = new Float64Array(5);
      const out: number[] = [];
      for (let e = 0; e < 10; e++) {
        net.trainer.setOrder(Int32Array.from(createRng(e).permutation(train.rows)));
        expect(net.trainer.epoch(50, 5 * e + 1, 0.005, null, sse)).toBe(5);
        out.push(net.trainer.validationSse());
      }
      return out;
    };
    const reference = losses('portable');
    for (const isa of isas) {
      const a = losses(isa);
      expect(losses(isa)).toEqual(a);
      expect(maxRelErr(a, reference)).toBeLessThan(1e-4);
    }
  });

  it('rejects input that would make it read past an array, naming it', () => {
    const plan = buildTrainingPlan(trial(5).initial, spectralStrategy(), [2]);
    const net = new NativeNetwork(plan, 50, packNetwork(plan, trial(5).initial), trial(5).train);
    expect(() => net.trainer.setOrder(new Int32Array(3))).toThrow(/setOrder needs an Int32Array of the training rows/);
    expect(() => net.trainer.setOrder(new Int32Array(250).fill(999))).toThrow(/outside the training rows/);
    expect(() => net.trainer.lossGradient(240, 50)).toThrow(/outside the training rows/);
    expect(() => kernel!.createTrainer({ inputDim: 1 } as never, new Float32Array(1))).toThrow(/kernel-native/);
  });
});
