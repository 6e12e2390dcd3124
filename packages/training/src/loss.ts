/**
 * training/loss: the data losses a request can train on and their checks (the per-row softmax cross-entropy and its
 * gradient are spectral's softmaxCrossEntropyRow; the constant-predictor baselines live with the divergence rules).
 *
 * 'mse' is the paper's loss (method spec §3): the mean over rows of (out - y)^2 on a single-output network.
 * 'softmax-cross-entropy' trains a classifier: the last layer is linear with C >= 2 units whose outputs are the
 * logits, y holds class indices 0..C-1 (as floats), and the loss is the mean over rows of logsumexp(z) - z[y]
 * (natural log). Every engine reports the batch SUM of its loss where the numerics say `stepSse`.
 */
import { isClassIndex } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { fail } from './errors';

export type LossName = 'mse' | 'softmax-cross-entropy';

/** Every loss trainTrials accepts, the default first. */
export const LOSS_NAMES: readonly LossName[] = ['mse', 'softmax-cross-entropy'];

/** The engines that train 'softmax-cross-entropy' (the others refuse it). */
export const CROSS_ENTROPY_ENGINES = ['native', 'typed-array', 'autodiff'] as const;

/** The loss of a request: 'mse' when absent; anything else than a LossName is an error naming the choices. */
export function resolveLoss(loss: unknown): LossName {
  if (loss === undefined) return 'mse';
  if (typeof loss === 'string' && (LOSS_NAMES as readonly string[]).includes(loss)) return loss as LossName;
  return fail('trainTrials', `loss must be one of ${LOSS_NAMES.join(', ')}, got ${JSON.stringify(loss)}`);
}

/**
 * Checks that every label of a data set is a class index of a C-way classifier: an integer in [0, classes).
 * `what` names the data in the message (e.g. "trial 2's train data").
 */
export function checkClassLabels(data: Dataset, classes: number, what: string): void {
  const declared = (data as Dataset & { classes?: number }).classes;
  if (declared !== undefined && declared !== classes)
    fail(
      'trainTrials',
      `${what} has ${declared} classes but the network has ${classes} logits ` +
        `(end the network in a linear layer of ${declared} units)`,
    );
  for (let r = 0; r < data.rows; r++) {
    const y = data.y[r];
    if (!isClassIndex(y, classes))
      fail(
        'trainTrials',
        `${what} row ${r} has label ${y}, but softmax-cross-entropy needs a class index 0..${classes - 1} ` +
          `(store the class number in y, and give the network one output per class)`,
      );
  }
}
