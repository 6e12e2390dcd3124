/**
 * training/wasm-simd-engine: the numerics of one trial in its own wasm instance of the hand-written WebAssembly SIMD
 * kernel (WasmSimdNetwork): float32, closed-form gradients, Adam on one flat vector. The path for ReLU/linear chains
 * on every backend (toolchain.md speed facts: tfjs gains nothing from a trial axis there, and per-op dispatch
 * dominates).
 */
import { bufferRows } from './engine-context';
import { frozenL2Penalty, trainedL2Penalty } from './training-plan';
import { perTrial, type EpochNumbers, type NumericsSetup, type TrialNumerics } from './trial-numerics';
import { WasmSimdNetwork } from './wasm-simd-network';

class WasmSimdTrial implements TrialNumerics {
  readonly trialCount = 1;
  private readonly net: WasmSimdNetwork;
  private readonly frozenPenalty: number;
  private snapshot: Float32Array;
  private sse: number[] = [];
  private penalties: number[] | null = null;
  private stopped = false;

  constructor(
    private readonly setup: NumericsSetup,
    t: number,
  ) {
    const trial = setup.trials[t];
    const bufferSize = bufferRows(setup.config.batchSize, trial);
    this.net = new WasmSimdNetwork(setup.plan, bufferSize, setup.initial[t], trial.train, trial.validation);
    this.frozenPenalty = frozenL2Penalty(setup.plan, setup.initial[t]);
    this.snapshot = Float32Array.from(this.net.params);
  }

  beginEpoch(orders: readonly (ArrayLike<number> | null)[]): void {
    this.snapshot = Float32Array.from(this.net.params);
    if (orders[0]) this.net.setOrder(orders[0]);
    this.sse = [];
    this.penalties = this.setup.recordSteps ? [] : null;
    this.stopped = false;
  }

  step(start: number, rows: number, step: number): void {
    // A trial whose loss is no longer finite has diverged: the driver stops reading its numbers there.
    if (this.stopped) return;
    const { plan, config } = this.setup;
    const sse = this.net.lossGradient(start, rows);
    this.sse.push(sse);
    this.penalties?.push(this.penalty());
    if (!Number.isFinite(sse)) {
      this.stopped = true;
      return;
    }
    this.net.adamStep(step, config.learningRate, plan.phaseIndexAt(step - 1));
  }

  private penalty(): number {
    return trainedL2Penalty(this.setup.plan, this.net.params) + this.frozenPenalty;
  }

  endEpoch(): EpochNumbers[] {
    const penalty = this.stopped ? NaN : this.penalty();
    const validationSse = this.stopped ? 0 : this.net.validationSse();
    return [{ stepSse: this.sse, stepPenalty: this.penalties, penalty, validationSse }];
  }

  epochStartParameters(): Float64Array {
    const now = Float32Array.from(this.net.params);
    this.net.params.set(this.snapshot);
    const full = this.net.fullParameters();
    this.net.params.set(now);
    return full;
  }

  parameters(): Float64Array {
    return this.net.fullParameters();
  }

  dispose(): void {}
}

export const wasmSimdNumerics = perTrial((setup, t) => new WasmSimdTrial(setup, t));
