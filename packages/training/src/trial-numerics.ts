/**
 * training/trial-numerics: the one interface between the epoch driver (src/epoch-driver.ts) and an engine's numerics.
 *
 * The driver owns everything that is not arithmetic: the epoch's row orders and batch sizes (full batches in row
 * order, the last one partial, method spec §3), the optimiser step count, the per-step loss records, the divergence
 * checks, the epoch history, progress, abort, and the result of every trial. An engine only supplies numerics: one
 * or more TrialNumerics instances that together cover the request's trials in order. An instance may serve one trial
 * (the typed-array, wasm-simd and autodiff engines: `trialCount` 1, one instance per trial) or T trials at once (the
 * batched tensor program: one instance, `trialCount` T, every call acting on all of them in one program).
 *
 * Per epoch and per instance the driver calls, in this order: `beginEpoch` once, `step` once per batch, `endEpoch`
 * once. An instance may do the work of `step` at once or defer it to `endEpoch` (a device program or a native call per
 * epoch can queue the steps and run them together); `endEpoch` may return a promise (a device read-back). Trials are
 * independent: no number of one trial may depend on another trial, so a trial gets the same numbers alone or batched.
 *
 * What a step computes (method spec §1, §3): the gradient of the batch's mean data loss (setup.loss, src/loss.ts: the
 * MSE, or the softmax cross-entropy of a classifier's logits) plus the L2 penalty of the trained entries
 * (plan.l2: c x^2 per entry, gradient 2 c x; frozen entries get no gradient), then one Adam step (beta1, beta2,
 * epsilon of src/adam.ts, epsilon added to the square root of the bias-corrected second moment) with the 1-based step
 * count `step` and the update mask plan.phaseMasks[plan.phaseIndexAt(step - 1)] (entries with mask 0 keep their value
 * and moments). Parameters live in the plan's layout (src/training-plan.ts): one full vector per trial, trained groups
 * first. The penalty reported is l2Penalty of the full vector: trained and frozen entries alike, a frozen entry adding
 * a constant with no gradient (method spec §1, the Keras rule SpectralDense follows).
 *
 * This interface is stable: a native numerics plugs in by implementing it and returning its instances from an engine's
 * NumericsFactory; nothing else of the driver needs to know about it.
 */
import type { LossName } from './loss';
import type { StrategyConfig } from './strategy';
import type { TrainingPlan } from './training-plan';
import type { TrialInput } from './types';

/** What every numerics instance is built from: the request after validation. */
export interface NumericsSetup {
  plan: TrainingPlan;
  /** The strategy's numbers after overrides (learning rate, batch size, L2, period). */
  config: StrategyConfig;
  /** Every trial of the request (its data; `initial` in network form). */
  trials: readonly TrialInput[];
  /** Every trial's initial full parameter vector (plan layout, float64). */
  initial: readonly Float64Array[];
  /** Whether every step's L2 penalty must be reported (EpochNumbers.stepPenalty); it costs time. */
  recordSteps: boolean;
  /**
   * The data loss every step differentiates and every EpochNumbers sum reports ('mse' unless the request asked
   * otherwise). Under 'softmax-cross-entropy' the plan's last layer is linear with C >= 2 units (the logits) and every
   * label is a class index in [0, C) (trainTrials checks both).
   */
  loss: LossName;
}

/** What one trial's numerics recorded over one epoch. */
export interface EpochNumbers {
  /**
   * The batch sum (not the mean) of the data loss of every step of the epoch, in step order, each computed before
   * that step's update: the sum of squared errors under 'mse', the sum over rows of logsumexp(z) - z[y] under
   * 'softmax-cross-entropy'. (The name is the MSE's; the driver divides by the rows either way.) After a
   * non-finite entry the remaining entries may be anything (the trial has diverged and the driver stops reading
   * there), so an instance may skip that trial's remaining work.
   */
  stepSse: ArrayLike<number>;
  /** The L2 penalty at every step, before its update (same length as stepSse); null unless setup.recordSteps. */
  stepPenalty: ArrayLike<number> | null;
  /** The L2 penalty after the epoch's last update. */
  penalty: number;
  /** The sum of the data loss (as stepSse) over the trial's validation rows after the epoch; 0 without them. */
  validationSse: number;
}

/** The numerics of `trialCount` trials, driven by the epoch driver (see the file header for the call order). */
export interface TrialNumerics {
  /** How many consecutive trials of the request this instance trains. */
  readonly trialCount: number;
  /**
   * Starts an epoch. `orders[i]` is the epoch's row order of this instance's trial i (a permutation of its training
   * rows), or null for a trial that has stopped: its numbers are ignored from then on and its work may be skipped.
   * The parameters as they are now must stay readable through epochStartParameters until the next beginEpoch.
   */
  beginEpoch(orders: readonly (ArrayLike<number> | null)[]): void;
  /** One optimiser step (1-based `step`, shared by all trials) on the batch rows order[start .. start + rows). */
  step(start: number, rows: number, step: number): void;
  /** Ends the epoch: one EpochNumbers per trial of this instance (stopped trials: anything). */
  endEpoch(): EpochNumbers[] | Promise<EpochNumbers[]>;
  /** Trial i's full parameter vector (plan layout) as it was at the last beginEpoch (a diverged trial's weights). */
  epochStartParameters(trial: number): ArrayLike<number> | Promise<ArrayLike<number>>;
  /** Trial i's current full parameter vector (plan layout): the trained weights after the last epoch. */
  parameters(trial: number): ArrayLike<number> | Promise<ArrayLike<number>>;
  /** Frees what the instance holds (tensors, wasm or native memory). Called once, also after an error or an abort. */
  dispose(): void;
}

/**
 * An engine's numerics for a request: instances whose trialCount values sum to setup.trials.length, covering the
 * trials in request order (instance k starts at the trial after the last one of instance k - 1).
 */
export type NumericsFactory = (setup: NumericsSetup) => TrialNumerics[];

/** A NumericsFactory of per-trial instances: `open(t)` builds trial t's numerics (trialCount 1). */
export function perTrial(open: (setup: NumericsSetup, trial: number) => TrialNumerics): NumericsFactory {
  return (setup) => setup.trials.map((_, t) => open(setup, t));
}
