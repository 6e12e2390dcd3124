/**
 * training/native-engine: the numerics of one trial in the fused C++ trainer of @spectral-ts/kernel-native (forward,
 * backward and Adam of every batch of an epoch in one call, AVX-512 / AVX2+FMA / portable chosen at run time).
 * Float32, the wasm-simd engine's math and layout; the MSE or softmax cross-entropy (its loss in float64). The
 * epoch driver's `step` calls only queue; `endEpoch` runs the whole epoch natively (with every step's penalty when
 * the driver records steps), so JavaScript is crossed once per epoch, not per step.
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
import { bufferRows } from './engine-context';
import { frozenL2Penalty, trainedL2Penalty, type TrainingPlan } from './training-plan';
import { perTrial, type EpochNumbers, type NumericsSetup, type TrialNumerics } from './trial-numerics';
import { fail } from './errors';
import type { LossName } from './loss';
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

  /**
   * `isa`: the instruction set (default: the kernel's choice, see @spectral-ts/kernel-native); `loss`: the data loss
   * (the labels of a cross-entropy request are class indices, checked by trainTrials and again by the kernel).
   */
  constructor(
    plan: TrainingPlan,
    maxRows: number,
    initialFull: Float64Array,
    train: Dataset,
    validation?: Dataset,
    isa?: NativeIsa,
    loss: LossName = 'mse',
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
        l2: plan.l2.slice(0, plan.trainedSize),
        phaseMasks: plan.masked ? plan.phaseMasks.map(f32) : undefined,
        trainX: train.x,
        trainY: train.y,
        valX: validation?.x,
        valY: validation?.y,
        beta1: ADAM_BETA1,
        beta2: ADAM_BETA2,
        epsilon: ADAM_EPSILON,
        loss,
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

class NativeTrial implements TrialNumerics {
  readonly trialCount = 1;
  private readonly net: NativeNetwork;
  private readonly frozenPenalty: number;
  private readonly sse: Float64Array;
  private readonly penalties: Float64Array | null;
  private snapshot: Float32Array;
  private active = true;
  /** The first step number and the number of steps the driver queued this epoch. */
  private firstStep = 0;
  private queued = 0;

  constructor(
    private readonly setup: NumericsSetup,
    t: number,
  ) {
    const trial = setup.trials[t];
    this.net = new NativeNetwork(
      setup.plan,
      bufferRows(setup.config.batchSize, trial),
      setup.initial[t],
      trial.train,
      trial.validation,
      undefined,
      setup.loss,
    );
    this.frozenPenalty = frozenL2Penalty(setup.plan, setup.initial[t]);
    const batches = Math.ceil(trial.train.rows / setup.config.batchSize);
    this.sse = new Float64Array(batches);
    this.penalties = setup.recordSteps ? new Float64Array(batches) : null;
    this.snapshot = Float32Array.from(this.net.params);
  }

  beginEpoch(orders: readonly (ArrayLike<number> | null)[]): void {
    this.snapshot = Float32Array.from(this.net.params);
    const order = orders[0];
    this.active = order !== null;
    if (order)
      this.net.trainer.setOrder(
        order instanceof Int32Array || order instanceof Uint32Array ? order : Int32Array.from(order),
      );
    this.queued = 0;
  }

  step(_start: number, _rows: number, step: number): void {
    // The driver's batches are the trainer's own split of the rows (full batches in order, the last partial).
    if (this.queued === 0) this.firstStep = step;
    this.queued++;
  }

  endEpoch(): EpochNumbers[] {
    const { plan, config } = this.setup;
    if (!this.active) return [{ stepSse: [], stepPenalty: null, penalty: NaN, validationSse: 0 }];
    if (this.queued !== this.sse.length)
      fail('NativeTrial', `internal error, ${this.queued} steps queued for ${this.sse.length} batches`);
    const phases = plan.masked
      ? Int32Array.from({ length: this.queued }, (_, k) => plan.phaseIndexAt(this.firstStep - 1 + k))
      : null;
    const done = this.net.trainer.epoch(
      config.batchSize,
      this.firstStep,
      config.learningRate,
      phases,
      this.sse,
      this.penalties ?? undefined,
    );
    const stopped = !Number.isFinite(this.sse[done - 1]);
    const stepPenalty = this.penalties ? Array.from(this.penalties, (p) => p + this.frozenPenalty) : null;
    const penalty = stopped ? NaN : trainedL2Penalty(plan, this.net.params) + this.frozenPenalty;
    const validationSse = stopped ? 0 : this.net.trainer.validationSse();
    return [{ stepSse: this.sse, stepPenalty, penalty, validationSse }];
  }

  epochStartParameters(): Float64Array {
    return this.net.fullParameters(this.snapshot);
  }

  parameters(): Float64Array {
    return this.net.fullParameters();
  }

  dispose(): void {}
}

export const nativeNumerics = perTrial((setup, t) => new NativeTrial(setup, t));
