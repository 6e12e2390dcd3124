/**
 * training/engine-context: what trainTrials hands the epoch driver (the numerics setup, the batch orders,
 * callbacks), and the bookkeeping the driver does with it (abort checks, divergence messages, epoch progress).
 */
import type { NetworkWeights } from '@spectral-ts/spectral';
import { createRng, type Rng } from '@spectral-ts/teacher-student';
import type { NumericsSetup } from './trial-numerics';
import type { EpochProgress, StepRecord, TrainTrialsRequest, TrialInput, TrialResult } from './types';
import { fail } from './errors';
import { constantPredictorLoss, DivergenceWatch } from './divergence';

export interface EngineContext extends NumericsSetup {
  trials: TrialInput[];
  initial: Float64Array[];
  epochs: number;
  /** Row order of a trial's epoch (0-based epoch). */
  order(trial: number, epoch: number): ArrayLike<number>;
  onEpoch?: (progress: EpochProgress) => void | Promise<void>;
  signal?: AbortSignal;
  /** Copy of the initial network of trial t with a full parameter vector written in. */
  toNetwork(trial: number, full: ArrayLike<number>): NetworkWeights;
}

/** Builds the default per-epoch row orders: a fresh Fisher-Yates permutation per epoch from the trial's seed. */
export function makeOrder(request: TrainTrialsRequest): (trial: number, epoch: number) => ArrayLike<number> {
  if (request.batchOrder) {
    const custom = request.batchOrder;
    return (t, e) => {
      const o = custom(t, e);
      const rows = request.trials[t].train.rows;
      if (o.length !== rows)
        fail(
          'trainTrials',
          `batchOrder gave ${o.length} rows for trial ${t}, expected ${rows} (return a permutation of the trial's training rows)`,
        );
      return o;
    };
  }
  const rngs: Rng[] = request.trials.map((t) => createRng(t.shuffleSeed));
  const next = request.trials.map(() => 0);
  return (t, e) => {
    // Epochs are drawn in sequence from one stream per trial, so the order of epoch e is a pure function of the seed.
    if (e !== next[t]) fail('trainTrials', `internal error, epoch ${e} of trial ${t} requested out of sequence`);
    next[t]++;
    return rngs[t].permutation(request.trials[t].train.rows);
  };
}

/** Rejects with an AbortError when the signal has fired. */
export function throwIfAborted(signal: AbortSignal | undefined, epoch: number): void {
  if (signal?.aborted) {
    const err = new Error(`training/trainTrials: aborted after ${epoch} epoch(s)`);
    err.name = 'AbortError';
    throw err;
  }
}

/** The DOM MessageChannel as browsers have it (the project compiles without lib DOM; Node's types differ). */
interface DomMessageChannel {
  port1: { onmessage: (() => void) | null; close(): void };
  port2: { postMessage(message: unknown): void };
}

/** Lets timers and abort events run between epochs. */
export function yieldToEventLoop(): Promise<void> {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  // Browsers have no setImmediate, and clamp nested setTimeout(0) to 4 ms (8 s over 2000 epochs): a message is prompt.
  return new Promise((resolve) => {
    const channel = new (globalThis as unknown as { MessageChannel: new () => DomMessageChannel }).MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export function divergenceMessage(value: number, step: number, epoch: number, lr: number): string {
  return (
    `training/trainTrials: the loss became ${value} at optimiser step ${step} (epoch ${epoch}); the trial stopped ` +
    `and its weights are not a result (lower the learning rate, now ${lr})`
  );
}

/** Mutable per-trial state of the epoch driver's result bookkeeping. */
export class TrialRecorder {
  result: TrialResult;
  active = true;
  stepLosses: StepRecord[] | undefined;
  /** The divergence rules' state over this trial's epochs (created at the first epoch report). */
  watch?: DivergenceWatch;

  constructor(initial: NetworkWeights, recordSteps: boolean) {
    this.stepLosses = recordSteps ? [] : undefined;
    this.result = { status: 'ok', weights: initial, history: [], epochsRun: 0, steps: 0, stepLosses: this.stepLosses };
    if (!recordSteps) delete this.result.stepLosses;
  }

  diverge(message: string, lastFinite: NetworkWeights, steps: number): void {
    this.active = false;
    this.result.status = 'diverged';
    this.result.message = message;
    this.result.weights = lastFinite;
    this.result.steps = steps;
  }
}

/** Calls onEpoch with every trial's latest numbers, then yields and checks the abort signal. */
export async function reportEpoch(
  ctx: EngineContext,
  recorders: TrialRecorder[],
  epoch: number,
  weights?: (trial: number) => Promise<NetworkWeights>,
): Promise<void> {
  // A loss can run away without turning NaN: such a trial stops here (the weights kept are those it started from).
  recorders.forEach((rec, t) => {
    if (!rec.active) return;
    rec.watch ??= new DivergenceWatch({
      labelVariance: constantPredictorLoss(ctx.trials[t].train, ctx.loss),
      learningRate: ctx.config.learningRate,
      loss: ctx.loss,
    });
    const found = rec.watch.check(rec.result.history);
    if (found) rec.diverge(found.message, rec.result.weights, rec.result.steps);
  });
  if (ctx.onEpoch) {
    await ctx.onEpoch({
      epoch,
      epochs: ctx.epochs,
      trials: recorders.map((r) => {
        const h = r.result.history[r.result.history.length - 1];
        return { status: r.result.status, trainLoss: h ? h.trainLoss : NaN, valMse: h ? h.valMse : null };
      }),
      ...(weights ? { weights } : {}),
    });
  }
  await yieldToEventLoop();
  throwIfAborted(ctx.signal, epoch);
}

/** The rows a trial's work buffers must hold: one batch, or the larger data set when it is smaller than a batch. */
export function bufferRows(batchSize: number, trial: TrialInput): number {
  return Math.min(Math.max(batchSize, 1), Math.max(trial.train.rows, trial.validation?.rows ?? 0, 1));
}

/** Splits rows into batch sizes: full batches, the last one partial (Keras fit, method spec §3). */
export function batchSizes(rows: number, batchSize: number): number[] {
  const out: number[] = [];
  for (let s = 0; s < rows; s += batchSize) out.push(Math.min(batchSize, rows - s));
  return out;
}
