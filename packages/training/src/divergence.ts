/**
 * training/divergence: whether a trial's training has diverged, from its epoch history and the variance of its
 * labels. A trial can diverge without a single NaN: a learning rate far too large throws the loss to 1e10 and back,
 * or switches off every ReLU so that the network answers one constant. Such a trial is not a result.
 *
 * The bounds come from one fact: the best constant predictor (the label mean) has MSE = Var(y), and for any
 * predictor p, MSE(p) = Var(y) + E[(p - E y)^2] - 2 Cov(p, y). A trained network is expected far below Var(y)
 * (method spec §9.5: below 0.01 Var(y) at the paper's sizes); an initial network is of the teacher's scale, so its
 * error is a few Var(y). Hence:
 *   - far above the variance: after GRACE_EPOCHS, an MSE above FAR_ABOVE_VARIANCE * Var(y) = 10 Var(y) is an order
 *     of magnitude worse than predicting the mean, which no training that works produces;
 *   - exploded: at any epoch, an MSE above EXPLODED_VARIANCE * Var(y) = 1e4 Var(y) (four orders of magnitude);
 *   - grew: a training MSE LOSS_GROWTH = 1000 times its lowest value so far, once it stands above
 *     GROWTH_FLOOR_VARIANCE * Var(y) = 0.01 Var(y) (the pruning tolerance of method spec §9.6: below it a spike
 *     changes nothing a result reports);
 *   - non-finite: a NaN or infinite loss or validation MSE;
 *   - collapsed: the trained network gives one constant output on every training row (every first-layer ReLU
 *     switched off), checked once on the final weights.
 */
import { forward, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';

/** Epochs after which an MSE above FAR_ABOVE_VARIANCE * Var(y) counts as divergence (before it, the start). */
export const GRACE_EPOCHS = 5;
/** An MSE this many times Var(y) after GRACE_EPOCHS: ten times the error of predicting the label mean. */
export const FAR_ABOVE_VARIANCE = 10;
/** An MSE this many times Var(y) at any epoch. */
export const EXPLODED_VARIANCE = 1e4;
/** Growth of the training MSE over its lowest value so far that counts as divergence... */
export const LOSS_GROWTH = 1e3;
/** ...once it stands above this fraction of Var(y) (method spec §9.6 pruning tolerance). */
export const GROWTH_FLOOR_VARIANCE = 0.01;
/** Output variance, relative to Var(y), below which the network is a constant. */
export const CONSTANT_OUTPUT_VARIANCE = 1e-12;

/** Which rule fired. */
export type DivergenceRule = 'non-finite' | 'exploded' | 'far-above-variance' | 'grew' | 'collapsed';

/** A diverged trial: the rule, the epoch it fired at, and a message with the fix. */
export interface Divergence {
  rule: DivergenceRule;
  /** 1-based epoch (the last one for 'collapsed'). */
  epoch: number;
  message: string;
}

/** The per-epoch numbers the rules read (an EpochRecord has them). */
export interface DivergenceEpoch {
  epoch: number;
  trainMse: number;
  trainLoss: number;
  valMse: number | null;
}

export interface DivergenceContext {
  /** Variance of the trial's training labels. */
  labelVariance: number;
  /** The learning rate, named in the fix. */
  learningRate?: number;
}

function fix(ctx: DivergenceContext): string {
  return `lower the learning rate${ctx.learningRate !== undefined ? `, now ${ctx.learningRate}` : ''}`;
}

function sci(x: number): string {
  return Number.isFinite(x) ? x.toExponential(2) : String(x);
}

/**
 * Whether one epoch breaks a rule, given the lowest training MSE of the epochs before it (Infinity for the first).
 * Pure; detectDivergence and DivergenceWatch apply it epoch by epoch.
 */
export function checkEpoch(h: DivergenceEpoch, lowestBefore: number, ctx: DivergenceContext): Divergence | null {
  const v = ctx.labelVariance;
  const stop = (rule: DivergenceRule, what: string): Divergence => ({
    rule,
    epoch: h.epoch,
    message: `training/divergence: ${what} at epoch ${h.epoch}; the trial stopped and is not a result (${fix(ctx)})`,
  });
  for (const [name, value] of [
    ['the loss', h.trainLoss],
    ['the training MSE', h.trainMse],
    ['the validation MSE', h.valMse],
  ] as const) {
    if (value !== null && !Number.isFinite(value)) return stop('non-finite', `${name} became ${value}`);
  }
  if (!(Number.isFinite(v) && v > 0)) return null;
  const worst = Math.max(h.trainMse, h.valMse ?? -Infinity);
  const which = worst === h.trainMse ? 'training' : 'validation';
  if (worst > EXPLODED_VARIANCE * v) {
    return stop('exploded', `the ${which} MSE ${sci(worst)} is ${sci(worst / v)} times the label variance ${sci(v)}`);
  }
  if (h.epoch > GRACE_EPOCHS && worst > FAR_ABOVE_VARIANCE * v) {
    return stop(
      'far-above-variance',
      `the ${which} MSE ${sci(worst)} is ${(worst / v).toFixed(1)} times the label variance ${sci(v)} ` +
        `(predicting the label mean would score 1 times)`,
    );
  }
  if (h.trainMse > LOSS_GROWTH * lowestBefore && h.trainMse > GROWTH_FLOOR_VARIANCE * v) {
    return stop('grew', `the training MSE grew from ${sci(lowestBefore)} to ${sci(h.trainMse)}`);
  }
  return null;
}

/** The first divergence in a history, or null: checkEpoch on every epoch in order. */
export function detectDivergence(history: readonly DivergenceEpoch[], ctx: DivergenceContext): Divergence | null {
  const watch = new DivergenceWatch(ctx);
  return watch.check(history);
}

/**
 * Applies checkEpoch to a growing history, each epoch once (an epoch loop calls it after every epoch: linear in the
 * epochs, where re-reading the whole history each time would be quadratic).
 */
export class DivergenceWatch {
  private lowest = Infinity;
  private next = 0;
  constructor(private readonly ctx: DivergenceContext) {}

  /** The first divergence among the epochs not checked yet, or null. */
  check(history: readonly DivergenceEpoch[]): Divergence | null {
    for (; this.next < history.length; this.next++) {
      const h = history[this.next];
      const found = checkEpoch(h, this.lowest, this.ctx);
      if (found) return found;
      this.lowest = Math.min(this.lowest, h.trainMse);
    }
    return null;
  }
}

/** Variance of a network's outputs. */
function variance(values: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i];
  mean /= values.length;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += (values[i] - mean) ** 2;
  return s / values.length;
}

/**
 * Whether a trained network collapsed to a constant: its outputs on the training rows (one per row) do not vary
 * although the labels do. A ReLU network gets there when every first-layer node is switched off for every input.
 */
export function detectCollapse(outputs: ArrayLike<number>, epoch: number, ctx: DivergenceContext): Divergence | null {
  const v = ctx.labelVariance;
  if (outputs.length < 2 || !(Number.isFinite(v) && v > 0)) return null;
  if (variance(outputs) > CONSTANT_OUTPUT_VARIANCE * v) return null;
  return {
    rule: 'collapsed',
    epoch,
    message:
      `training/divergence: the network collapsed to the constant output ${sci(outputs[0])} on every training row ` +
      `(every first-layer node is switched off; label variance ${sci(v)}); the trial is not a result ` +
      `(${fix(ctx)}, change the seed, or rescale labels far from order one)`,
  };
}

const varianceCache = new WeakMap<{ y: ArrayLike<number> }, number>();

/** Var(y) of a data set's labels, computed once per data set. */
export function trainingLabelVariance(data: { y: ArrayLike<number> }): number {
  let v = varianceCache.get(data);
  if (v === undefined) {
    v = data.y.length ? variance(data.y) : NaN;
    varianceCache.set(data, v);
  }
  return v;
}

/**
 * The divergence of a trial that trained to the end: its whole history (engines that check only some trials during
 * the loop are covered here), then whether its final weights collapsed to a constant on the training rows.
 */
export function divergenceOfFinished(
  weights: NetworkWeights,
  history: readonly DivergenceEpoch[],
  train: Dataset,
  learningRate?: number,
): Divergence | null {
  const ctx = { labelVariance: trainingLabelVariance(train), learningRate };
  const found = detectDivergence(history, ctx);
  if (found) return found;
  const last = history.length ? history[history.length - 1].epoch : 0;
  return detectCollapse(forward(weights, train.x, train.rows), last, ctx);
}
