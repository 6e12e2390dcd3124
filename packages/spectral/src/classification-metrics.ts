/**
 * spectral/classification-metrics: accuracy and softmax cross-entropy of a classifier (one linear output per class,
 * its outputs the logits) on labelled rows, in float64, beside meanSquaredError for regression. The per-row rules
 * (argmax, the stable logsumexp) are exported too, so that code evaluating outputs it computed itself (pruning's
 * removal evaluator) applies the same ones.
 */
import { fail } from './errors';
import { forward, type NetworkWeights } from './network-weights';

/**
 * Index of the largest of out[offset .. offset + width), the first one on ties (numpy's argmax); -1 when an entry is
 * not finite, so that a diverged network never counts as right by accident.
 */
export function argmaxRow(out: ArrayLike<number>, offset: number, width: number): number {
  let best = -1;
  let bestValue = -Infinity;
  for (let k = 0; k < width; k++) {
    const v = out[offset + k];
    if (!Number.isFinite(v)) return -1;
    if (best < 0 || v > bestValue) {
      best = k;
      bestValue = v;
    }
  }
  return best;
}

/**
 * Softmax cross-entropy of one row, logsumexp(z) - z[label] (natural log), with z = out[offset .. offset + width).
 * Subtracting max(z) before exp keeps it finite for any finite logits (no overflow, and the largest term is exp(0)).
 * With `dz`, also writes the gradient (softmax(z) - onehot(label)) * scale into dz[offset .. offset + width) (the
 * typed-array trainer's output gradient). A row whose largest logit is not finite has no finite loss: it returns
 * Infinity or NaN (the divergence signal of a trainer) and fills dz with NaN.
 */
export function softmaxCrossEntropyRow(
  out: ArrayLike<number>,
  offset: number,
  width: number,
  label: number,
  dz?: Float64Array | null,
  scale = 1,
): number {
  let max = -Infinity;
  for (let k = 0; k < width; k++) if (out[offset + k] > max) max = out[offset + k];
  if (!Number.isFinite(max)) {
    if (dz) dz.fill(NaN, offset, offset + width);
    return max === Infinity ? Infinity : NaN;
  }
  let sum = 0;
  for (let k = 0; k < width; k++) sum += Math.exp(out[offset + k] - max);
  const lse = max + Math.log(sum);
  if (dz) {
    for (let k = 0; k < width; k++) dz[offset + k] = scale * Math.exp(out[offset + k] - lse);
    dz[offset + label] -= scale;
  }
  return lse - out[offset + label];
}

/** Whether `label` is a class index of a classifier with `classes` outputs: an integer in [0, classes). */
export function isClassIndex(label: number, classes: number): boolean {
  return Number.isInteger(label) && label >= 0 && label < classes;
}

/**
 * What keeps a classifier with `width` outputs from being scored on `rows` labels, or undefined when nothing does:
 * it needs at least 2 outputs, and every label must be an integer class index in [0, width). A message, not a
 * throw, so that each caller reports it under its own package and function name.
 */
export function classLabelProblem(width: number, y: ArrayLike<number>, rows: number): string | undefined {
  if (!(width >= 2)) {
    return `the network has ${width} output${width === 1 ? '' : 's'}; a classifier needs one output per class, at least 2 (end the network in a linear layer of C units)`;
  }
  if (y.length !== rows) return `y has ${y.length} labels for ${rows} rows (pass one class index per row)`;
  for (let r = 0; r < rows; r++) {
    const label = y[r];
    if (!isClassIndex(label, width)) {
      return `y[${r}] = ${label} is not a class index of a network with ${width} outputs (labels must be integers in [0, ${width}): give the network one output per class)`;
    }
  }
  return undefined;
}

/** The logits of every row and their width, after checking them against the labels. */
function logits(fn: string, net: NetworkWeights, x: ArrayLike<number>, y: ArrayLike<number>, rows: number) {
  if (!(Number.isInteger(rows) && rows > 0))
    fail(fn, `rows must be a positive integer, got ${rows} (pass the row count)`);
  const out = forward(net, x, rows);
  const width = out.length / rows;
  const problem = classLabelProblem(width, y, rows);
  if (problem) fail(fn, problem);
  return { out, width };
}

/** Fails naming the first row whose outputs are not finite. */
function failNonFinite(fn: string, out: Float64Array, width: number): never {
  const r = Math.floor(out.findIndex((v) => !Number.isFinite(v)) / width);
  return fail(fn, `the network's output for row ${r} is not finite (check the weights for NaN or Infinity)`);
}

/** Accuracy and mean softmax cross-entropy of a classifier. */
export interface ClassificationMetrics {
  accuracy: number;
  crossEntropy: number;
}

/** Both metrics of the network's outputs on the rows, by one rule each (argmaxRow, softmaxCrossEntropyRow). */
function scoreLogits(fn: string, net: NetworkWeights, x: ArrayLike<number>, y: ArrayLike<number>, rows: number) {
  const { out, width } = logits(fn, net, x, y, rows);
  let right = 0;
  let s = 0;
  for (let r = 0; r < rows; r++) {
    const predicted = argmaxRow(out, r * width, width);
    if (predicted < 0) failNonFinite(fn, out, width);
    if (predicted === y[r]) right++;
    s += softmaxCrossEntropyRow(out, r * width, width, y[r]);
  }
  return { accuracy: right / rows, crossEntropy: s / rows };
}

/** Fraction of the rows whose largest output (argmax, first on ties) is the label y[r]; y holds class indices. */
export function classificationAccuracy(
  net: NetworkWeights,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
): number {
  return scoreLogits('classificationAccuracy', net, x, y, rows).accuracy;
}

/**
 * Mean over rows of the softmax cross-entropy logsumexp(z) - z[y[r]] (natural log) of the network's outputs z (the
 * logits); y holds class indices. The loss the classifier is trained on, evaluated in float64.
 */
export function softmaxCrossEntropy(
  net: NetworkWeights,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
): number {
  return scoreLogits('softmaxCrossEntropy', net, x, y, rows).crossEntropy;
}

/**
 * classificationAccuracy and softmaxCrossEntropy from one forward pass, which on 784-wide inputs is almost all of
 * their cost: the same two numbers, computed by the same rules.
 */
export function classificationMetrics(
  net: NetworkWeights,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  rows: number,
): ClassificationMetrics {
  return scoreLogits('classificationMetrics', net, x, y, rows);
}
