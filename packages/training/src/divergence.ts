/**
 * training/divergence: whether a trial's training has diverged, from its epoch history and the loss of the best
 * constant predictor of its labels (constantPredictorLoss: Var(y) under MSE, the label entropy under cross-entropy).
 * A trial can diverge without a single NaN: a learning rate far too large throws the loss to 1e10 and back, or
 * switches off every ReLU so that the network answers one constant. Such a trial is not a result.
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
 * Under softmax cross-entropy the same rules apply with Var(y) replaced by the cross-entropy of the best constant
 * predictor (logits log p_c of the class frequencies p_c: the entropy H = -sum p_c ln p_c). An untrained classifier
 * scores about ln C >= H, a trained one far below H; a loss ten times H after the grace epochs, or 1e4 times H, is as
 * far from anything training produces as the MSE bounds are.
 */
import { forward, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import type { LossName } from './loss';

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

/** The largest finite float32 (2^128 - 2^104): every engine trains and reports its losses in float32. */
export const FLOAT32_MAX = 3.4028234663852886e38;
/** The smallest normal float32 (2^-126); below it float32 loses precision (subnormals) and then underflows to 0. */
export const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;
/**
 * The label variances these rules can judge when the losses are float32 numbers. Above `max` = FLOAT32_MAX /
 * EXPLODED_VARIANCE (3.4e34), an MSE of EXPLODED_VARIANCE * Var(y), where the 'exploded' rule fires, is no longer a
 * finite float32: a runaway loss overflows to Infinity before any bound sees it, and an untrained network's error
 * (a few Var(y)) summed over a batch is already near the overflow. Below `min` = FLOAT32_MIN_NORMAL /
 * CONSTANT_OUTPUT_VARIANCE (1.2e-26), CONSTANT_OUTPUT_VARIANCE * Var(y), the finest fraction of Var(y) the rules
 * resolve, falls under float32's normal range: the float32 squared errors of a well-trained network lose their
 * precision and underflow to 0, and the losses the rules read stop being measurements. Labels outside are refused
 * before training (rescaling them to order one fixes it).
 */
export const LABEL_VARIANCE_RANGE = {
  min: FLOAT32_MIN_NORMAL / CONSTANT_OUTPUT_VARIANCE,
  max: FLOAT32_MAX / EXPLODED_VARIANCE,
} as const;

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
  /**
   * The loss of the best constant predictor on the trial's training labels (constantPredictorLoss): the variance of
   * the labels under 'mse', the entropy of the class frequencies under 'softmax-cross-entropy'.
   */
  labelVariance: number;
  /** The learning rate, named in the fix. */
  learningRate?: number;
  /** The loss the numbers are of (default 'mse'); it only changes the words of the messages. */
  loss?: LossName;
}

/** How the messages name the loss and its baseline. */
function wordsOf(ctx: DivergenceContext) {
  return ctx.loss === 'softmax-cross-entropy'
    ? { loss: 'cross-entropy', base: 'constant-predictor cross-entropy (label entropy)', mean: 'the class frequencies' }
    : { loss: 'MSE', base: 'label variance', mean: 'the label mean' };
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
  const w = wordsOf(ctx);
  const stop = (rule: DivergenceRule, what: string): Divergence => ({
    rule,
    epoch: h.epoch,
    message: `training/divergence: ${what} at epoch ${h.epoch}; the trial stopped and is not a result (${fix(ctx)})`,
  });
  for (const [name, value] of [
    ['the loss', h.trainLoss],
    [`the training ${w.loss}`, h.trainMse],
    [`the validation ${w.loss}`, h.valMse],
  ] as const) {
    if (value !== null && !Number.isFinite(value)) return stop('non-finite', `${name} became ${value}`);
  }
  if (!(Number.isFinite(v) && v > 0)) return null;
  const worst = Math.max(h.trainMse, h.valMse ?? -Infinity);
  const which = worst === h.trainMse ? 'training' : 'validation';
  if (worst > EXPLODED_VARIANCE * v) {
    return stop('exploded', `the ${which} ${w.loss} ${sci(worst)} is ${sci(worst / v)} times the ${w.base} ${sci(v)}`);
  }
  if (h.epoch > GRACE_EPOCHS && worst > FAR_ABOVE_VARIANCE * v) {
    return stop(
      'far-above-variance',
      `the ${which} ${w.loss} ${sci(worst)} is ${(worst / v).toFixed(1)} times the ${w.base} ${sci(v)} ` +
        `(predicting ${w.mean} would score 1 times)`,
    );
  }
  if (h.trainMse > LOSS_GROWTH * lowestBefore && h.trainMse > GROWTH_FLOOR_VARIANCE * v) {
    return stop('grew', `the training ${w.loss} grew from ${sci(lowestBefore)} to ${sci(h.trainMse)}`);
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

/** Variance of column `column` of a row-major [n][width] array (width 1: of every value). */
function variance(values: ArrayLike<number>, width = 1, column = 0): number {
  const n = Math.floor(values.length / width);
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i * width + column];
  mean /= n;
  let s = 0;
  for (let i = 0; i < n; i++) s += (values[i * width + column] - mean) ** 2;
  return s / n;
}

/**
 * Whether a trained network collapsed to a constant: its outputs on the training rows (`width` per row, row-major:
 * 1 for regression, the C logits of a classifier) do not vary although the labels do. A ReLU network gets there
 * when every first-layer node is switched off for every input.
 */
export function detectCollapse(
  outputs: ArrayLike<number>,
  epoch: number,
  ctx: DivergenceContext,
  width = 1,
): Divergence | null {
  const v = ctx.labelVariance;
  if (outputs.length < 2 * width || !(Number.isFinite(v) && v > 0)) return null;
  for (let c = 0; c < width; c++) if (variance(outputs, width, c) > CONSTANT_OUTPUT_VARIANCE * v) return null;
  const shown = width === 1 ? sci(outputs[0]) : `[${Array.from(outputs).slice(0, width).map(sci).join(', ')}]`;
  return {
    rule: 'collapsed',
    epoch,
    message:
      `training/divergence: the network collapsed to the constant output ${shown} on every training row ` +
      `(every first-layer node is switched off; ${wordsOf(ctx).base} ${sci(v)}); the trial is not a result ` +
      `(${fix(ctx)}, change the seed, or rescale labels far from order one)`,
  };
}

const baselineCache: Record<LossName, WeakMap<object, number>> = {
  mse: new WeakMap(),
  'softmax-cross-entropy': new WeakMap(),
};

/**
 * The data loss of the best constant predictor on a data set's labels, which the divergence rules measure a loss
 * against: Var(y) under 'mse' (predicting the label mean), and under 'softmax-cross-entropy' the entropy of the
 * class frequencies p_c in nats, -sum_c p_c ln p_c (the logits ln p_c). NaN without labels; computed once per data
 * set.
 */
export function constantPredictorLoss(data: Dataset | { y: ArrayLike<number> }, loss: LossName): number {
  const cache = baselineCache[loss];
  if (!cache)
    throw new Error(
      `training/constantPredictorLoss: unknown loss ${JSON.stringify(loss)} (use mse or softmax-cross-entropy)`,
    );
  let value = cache.get(data);
  if (value === undefined) {
    value = !data.y.length ? NaN : loss === 'mse' ? variance(data.y) : classEntropy(data.y);
    cache.set(data, value);
  }
  return value;
}

function classEntropy(y: ArrayLike<number>): number {
  const counts = new Map<number, number>();
  for (let r = 0; r < y.length; r++) counts.set(y[r], (counts.get(y[r]) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / y.length) * Math.log(n / y.length);
  return h;
}

/** Var(y) of a data set's labels, computed once per data set (constantPredictorLoss under 'mse'). */
export function trainingLabelVariance(data: { y: ArrayLike<number> }): number {
  return constantPredictorLoss(data, 'mse');
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
  loss: LossName = 'mse',
): Divergence | null {
  const ctx = { labelVariance: constantPredictorLoss(train, loss), learningRate, loss };
  const found = detectDivergence(history, ctx);
  if (found) return found;
  const last = history.length ? history[history.length - 1].epoch : 0;
  const outputs = forward(weights, train.x, train.rows);
  return detectCollapse(outputs, last, ctx, train.rows > 0 ? outputs.length / train.rows : 1);
}
