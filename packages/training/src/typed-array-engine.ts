/**
 * training/typed-array-engine: the numerics of one trial with the closed-form gradients of TypedArrayNetwork and Adam
 * on one flat Float64Array. The path for the wasm and cpu backends on networks outside the SIMD kernel's scope, where
 * tfjs gains nothing from a trial axis and its per-op dispatch dominates (toolchain.md, speed facts). Float64
 * throughout.
 */
import { adamStep } from './adam';
import { bufferRows } from './engine-context';
import { frozenL2Penalty, l2Penalty, trainedL2Penalty } from './training-plan';
import { perTrial, type EpochNumbers, type NumericsSetup, type TrialNumerics } from './trial-numerics';
import { TypedArrayNetwork } from './typed-array-network';

class TypedArrayTrial implements TrialNumerics {
  readonly trialCount = 1;
  private readonly full: Float64Array;
  private readonly grad: Float64Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly net: TypedArrayNetwork;
  private readonly frozenPenalty: number;
  private order: ArrayLike<number> = [];
  private snapshot: Float64Array;
  private sse: number[] = [];
  private penalties: number[] | null = null;
  private stopped = false;

  constructor(
    private readonly setup: NumericsSetup,
    private readonly t: number,
  ) {
    const { plan, config } = setup;
    const n = plan.trainedSize;
    this.full = Float64Array.from(setup.initial[t]);
    this.snapshot = this.full;
    this.grad = new Float64Array(n);
    this.m = new Float64Array(n);
    this.v = new Float64Array(n);
    this.net = new TypedArrayNetwork(plan, bufferRows(config.batchSize, setup.trials[t]), setup.loss);
    this.frozenPenalty = frozenL2Penalty(plan, this.full);
  }

  beginEpoch(orders: readonly (ArrayLike<number> | null)[]): void {
    this.order = orders[0] ?? [];
    this.snapshot = Float64Array.from(this.full);
    this.sse = [];
    this.penalties = this.setup.recordSteps ? [] : null;
    this.stopped = false;
  }

  step(start: number, rows: number, step: number): void {
    // A trial whose loss is no longer finite has diverged: the driver stops reading its numbers there.
    if (this.stopped) return;
    const { plan, config } = this.setup;
    const { full, grad } = this;
    const train = this.setup.trials[this.t].train;
    this.net.loadParameters(full);
    this.net.gatherInput(train.x, this.order, start, rows);
    const sse = this.net.lossGradient(full, train.y, this.order, start, rows, grad);
    this.sse.push(sse);
    this.penalties?.push(trainedL2Penalty(plan, full) + this.frozenPenalty);
    if (!Number.isFinite(sse)) {
      this.stopped = true;
      return;
    }
    const n = plan.trainedSize;
    for (let i = 0; i < n; i++) grad[i] += 2 * plan.l2[i] * full[i];
    const mask = plan.masked ? plan.phaseMasks[plan.phaseIndexAt(step - 1)] : null;
    adamStep(full, grad, this.m, this.v, step, config.learningRate, n, mask);
  }

  endEpoch(): EpochNumbers[] {
    const val = this.setup.trials[this.t].validation;
    let validationSse = 0;
    if (val && val.rows > 0 && !this.stopped) {
      this.net.loadParameters(this.full);
      validationSse = this.net.dataLoss(this.full, val.x, val.y, val.rows);
    }
    const penalty = this.stopped ? NaN : l2Penalty(this.setup.plan, this.full);
    return [{ stepSse: this.sse, stepPenalty: this.penalties, penalty, validationSse }];
  }

  epochStartParameters(): Float64Array {
    return this.snapshot;
  }

  parameters(): Float64Array {
    return this.full;
  }

  dispose(): void {}
}

export const typedArrayNumerics = perTrial((setup, t) => new TypedArrayTrial(setup, t));
