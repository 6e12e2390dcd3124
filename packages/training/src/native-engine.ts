/**
 * training/native-engine: trains the trials one after another with the fused C++ trainer of
 * @spectral-ts/kernel-native (forward, backward and Adam of every batch of an epoch in one call, AVX-512 / AVX2+FMA /
 * portable chosen at run time). Float32, the wasm-simd engine's math and layout. It is one more numerics of the
 * shared epoch loop: beginEpoch runs the whole epoch natively and the loop's per-batch calls read its losses back,
 * so JavaScript is crossed once per epoch. With recordSteps the loop needs the parameters before every step (for the
 * penalty), so it then drives the trainer batch by batch through the same C++ step.
 */
import type { Dataset } from '@spectral-ts/teacher-student';
import {
  loadNativeKernel,
  nativeKernelStatus,
  type NativeIsa,
  type NativeLayerSpec,
  type NativeTrainer,
} from '@spectral-ts/kernel-native';
import { ADAM_BETA1, ADAM_BETA2, ADAM_EPSILON } from './adam';
import { batchSizes, type EngineContext } from './engine-context';
import { bufferRows, trainSequential, type SequentialTrial } from './sequential-engine';
import type { TrainingPlan } from './training-plan';
import type { TrialResult } from './types';
import { kernelActivationsOnly } from './wasm-simd-network';

/** Whether the native engine can train this plan: the addon loaded and every activation is relu or linear. */
export function nativeSupports(plan: TrainingPlan): boolean {
  return kernelActivationsOnly(plan) && loadNativeKernel() !== null;
}

/** The instruction set the native engine runs, or why it cannot run (one line). */
export function nativeEngineStatus(): string {
  const s = nativeKernelStatus();
  return s.loaded ? `native kernel loaded (${s.isa})` : `native kernel unavailable: ${s.reason}`;
}

/** One trial in one native trainer; `params` is the trainer's live float32 parameter vector (plan layout). */
export class NativeNetwork {
  readonly params: Float32Array;
  readonly trainer: NativeTrainer;
  /** The float64 initial vector: frozen entries never change, so they are returned from here unrounded. */
  private readonly initialFull: Float64Array;
  private readonly trainedSize: number;

  /** `isa`: the instruction set (default: the kernel's choice, see @spectral-ts/kernel-native). */
  constructor(
    plan: TrainingPlan,
    maxRows: number,
    initialFull: Float64Array,
    train: Dataset,
    validation?: Dataset,
    isa?: NativeIsa,
  ) {
    const kernel = loadNativeKernel();
    if (!kernel) throw new Error(`training/NativeNetwork: ${nativeEngineStatus()} (use the wasm-simd engine)`);
    if (!kernelActivationsOnly(plan)) {
      throw new Error(
        'training/NativeNetwork: only relu and linear activations are supported (use the typed-array engine)',
      );
    }
    this.initialFull = Float64Array.from(initialFull);
    this.trainedSize = plan.trainedSize;
    this.params = Float32Array.from(initialFull);
    const f32 = (a: ArrayLike<number>) => (a instanceof Float32Array ? a : Float32Array.from(a));
    const layers: NativeLayerSpec[] = plan.layers.map((l) => {
      const g = l.groups;
      return {
        spectral: l.kind === 'spectral',
        relu: l.activation === 'relu',
        inDim: l.inDim,
        units: l.units,
        phi: g.phi?.offset,
        lambdaIn: g.lambdaIn?.offset,
        lambdaOut: g.lambdaOut?.offset,
        kernel: g.kernel?.offset,
        bias: g.bias?.offset,
        mask: l.mask ? f32(l.mask) : undefined,
      };
    });
    this.trainer = kernel.createTrainer(
      {
        inputDim: plan.inputDim,
        maxRows,
        trainedSize: plan.trainedSize,
        fullSize: plan.fullSize,
        layers,
        l2: f32(plan.l2),
        phaseMasks: plan.masked ? plan.phaseMasks.map(f32) : undefined,
        trainX: train.x,
        trainY: train.y,
        valX: validation?.x,
        valY: validation?.y,
        beta1: ADAM_BETA1,
        beta2: ADAM_BETA2,
        epsilon: ADAM_EPSILON,
      },
      this.params,
      isa,
    );
  }

  /** A full vector in plan layout: trained entries from `trained` (default: now), frozen ones as given. */
  fullParameters(trained: Float32Array = this.params): Float64Array {
    const out = Float64Array.from(this.initialFull);
    for (let i = 0; i < this.trainedSize; i++) out[i] = trained[i];
    return out;
  }
}

export async function trainNative(ctx: EngineContext): Promise<TrialResult[]> {
  const { plan, config } = ctx;
  const lr = config.learningRate;
  return trainSequential(ctx, (t): SequentialTrial => {
    const trial = ctx.trials[t];
    const net = new NativeNetwork(
      plan,
      bufferRows(config.batchSize, trial),
      ctx.initial[t],
      trial.train,
      trial.validation,
    );
    const batches = batchSizes(trial.train.rows, config.batchSize).length;
    const fused = !ctx.recordSteps;
    const sse = new Float64Array(batches);
    let next = 0;
    let stepsDone = 0;
    return {
      params: net.params,
      beginEpoch(order) {
        const snapshot = Float32Array.from(net.params);
        net.trainer.setOrder(
          order instanceof Int32Array || order instanceof Uint32Array ? order : Int32Array.from(order),
        );
        if (fused) {
          const phases = plan.masked
            ? Int32Array.from({ length: batches }, (_, k) => plan.phaseIndexAt(stepsDone + k))
            : null;
          net.trainer.epoch(config.batchSize, stepsDone + 1, lr, phases, sse);
          next = 0;
        }
        return () => ctx.toNetwork(t, net.fullParameters(snapshot));
      },
      lossGradient: (start, rows) => (fused ? sse[next++] : net.trainer.lossGradient(start, rows)),
      update(step) {
        stepsDone = step;
        if (!fused) net.trainer.adam(step, lr, plan.phaseIndexAt(step - 1));
      },
      validationSse: () => net.trainer.validationSse(),
      full: () => net.fullParameters(),
    };
  });
}
