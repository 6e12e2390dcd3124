/**
 * pruning/curves/removal-evaluator: a metric of the network (test MSE, accuracy) after removing the nodes of one
 * layer one at a time, without N full forward passes. The pruned layer's activations A (rows x N) are computed once;
 * the next layer's pre-activation Z = A K + b (K its direct kernel) loses node i's rank-1 term (A[:, i] - c_i) K[i, :]
 * when node i is removed (c_i = act(bias_i), what a removed node still sends), and only the layers after it are
 * re-evaluated. Cost O(N * rows * h2 + steps * tail), against O(N * rows * (d N + N h2)) for recomputing from scratch.
 */
import { activationFunction, directKernel, forward, layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { activateInto } from '../activation';
import { fail } from '../errors';
import { hiddenLayerAt } from '../layer-access';
import { assertMaskRemovesNodes, removedNodeOutput } from '../pruning/removed-output';
import { MEAN_SQUARED_ERROR, type RemovalMetric } from './removal-metric';

/** Checks that a test set fits the network and has rows. */
export function checkTestSet(fn: string, net: NetworkWeights, data: Dataset): void {
  if (data.inputDim !== net.inputDim) {
    fail(
      fn,
      `the test set has inputDim ${data.inputDim} but the network expects ${net.inputDim} (use the test set of this teacher)`,
    );
  }
  if (data.rows <= 0) fail(fn, 'the test set has no rows (pass the held-out test set)');
  if (data.x.length !== data.rows * data.inputDim || data.y.length !== data.rows) {
    fail(fn, `the test set arrays do not match rows = ${data.rows} (x needs rows * inputDim entries, y needs rows)`);
  }
}

/** A layer's removals, prepared once: `evaluate` runs one removal order, and may be called for several orders. */
export interface RemovalEvaluator {
  /**
   * The metric after removing the first m nodes of `order`, for every m in `evaluateAt` (m = 0 is the intact
   * network), as a map m -> value. `order` must list distinct node indices of the layer.
   */
  evaluate(order: readonly number[], evaluateAt: ReadonlySet<number>): Map<number, number>;
}

/**
 * A metric (default: test MSE) after removing the first m nodes of `order`, for every m in `evaluateAt` (m = 0 is
 * the intact network). Returns a map m -> value. `order` must list distinct node indices of layer `layerIndex`.
 */
export function evaluateRemovals(
  fn: string,
  net: NetworkWeights,
  data: Dataset,
  layerIndex: number,
  order: readonly number[],
  evaluateAt: ReadonlySet<number>,
  metric: RemovalMetric = MEAN_SQUARED_ERROR,
): Map<number, number> {
  return prepareRemovals(fn, net, data, layerIndex, metric).evaluate(order, evaluateAt);
}

/**
 * Computes what every removal order of layer `layerIndex` starts from (its activations A and the next layer's
 * pre-activations Z, the costly forward pass), so that several rankings of one network share it.
 */
export function prepareRemovals(
  fn: string,
  net: NetworkWeights,
  data: Dataset,
  layerIndex: number,
  metric: RemovalMetric = MEAN_SQUARED_ERROR,
): RemovalEvaluator {
  const layer = hiddenLayerAt(fn, net, layerIndex);
  assertMaskRemovesNodes(fn, layer, layerIndex);
  checkTestSet(fn, net, data);
  const rows = data.rows;
  const units = layerUnits(layer);
  const next = net.layers[layerIndex + 1];
  const h2 = layerUnits(next);
  const tail: NetworkWeights = { inputDim: h2, layers: net.layers.slice(layerIndex + 2) };
  const width = layerUnits(net.layers[net.layers.length - 1]);
  const problem = metric.problem(width, data);
  if (problem) fail(fn, problem);

  // A: activations of the pruned layer; Z: pre-activations of the layer that reads it (both float64, row-major).
  const acts = forward({ inputDim: net.inputDim, layers: net.layers.slice(0, layerIndex + 1) }, data.x, rows);
  const kernel = directKernel(next);
  const z0 = forward(
    { inputDim: units, layers: [{ kind: 'dense', kernel, bias: next.bias, activation: 'linear' }] },
    acts,
    rows,
  );
  // Column-major copy of A: each removal reads one node's column, which is then contiguous instead of strided by N.
  const actsByNode = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) for (let i = 0; i < units; i++) actsByNode[i * rows + r] = acts[r * units + i];

  // Fast path for the paper's shapes (a chain ending "-> layer q" or "-> layer q -> one layer"): keep each row's
  // metric value and re-evaluate only the rows whose pre-activation a removal changed since the last evaluation (a
  // ReLU node is silent on about half of them). spectral's forward would re-run every row and allocate per call,
  // which dominates an N-step loop. Deeper tails re-run the tail on every row.
  const perRow = tail.layers.length <= 1;
  const last = tail.layers.length === 1 ? tail.layers[0] : null;
  const lastKernel = last ? Float64Array.from(directKernel(last).flat()) : null;
  const lastBias = last?.bias ?? null;
  const actHidden = activationFunction(next.activation);
  const actLast = activationFunction(last ? last.activation : 'linear');
  const hiddenRow = new Float64Array(h2);
  const outRow = new Float64Array(width);
  const evaluateRow = (z: Float64Array, rowValue: Float64Array, r: number): void => {
    const o = r * h2;
    if (!last) {
      for (let k = 0; k < h2; k++) outRow[k] = actHidden(z[o + k]);
    } else {
      for (let k = 0; k < h2; k++) hiddenRow[k] = actHidden(z[o + k]);
      for (let c = 0; c < width; c++) {
        let acc = lastBias ? lastBias[c] : 0;
        for (let k = 0; k < h2; k++) acc += hiddenRow[k] * lastKernel![k * width + c];
        outRow[c] = actLast(acc);
      }
    }
    rowValue[r] = metric.row(outRow, 0, width, data.y[r]);
  };
  const evaluate = (order: readonly number[], evaluateAt: ReadonlySet<number>): Map<number, number> => {
    // this order's own copy of Z and of the per-row state, so that the next order starts from the intact network
    const z = Float64Array.from(z0);
    const rowValue = new Float64Array(rows);
    const dirty = new Uint8Array(rows);
    const dirtyRows = new Uint32Array(rows);
    let dirtyCount = 0;

    const valueNow = (): number => {
      let s = 0;
      if (perRow) {
        for (let d = 0; d < dirtyCount; d++) {
          evaluateRow(z, rowValue, dirtyRows[d]);
          dirty[dirtyRows[d]] = 0;
        }
        dirtyCount = 0;
        for (let r = 0; r < rows; r++) s += rowValue[r];
        return s / rows;
      }
      const hidden = activateInto(next.activation, z, new Float64Array(rows * h2));
      const pred = forward(tail, hidden, rows);
      for (let r = 0; r < rows; r++) s += metric.row(pred, r * width, width, data.y[r]);
      return s / rows;
    };
    if (perRow) for (let r = 0; r < rows; r++) evaluateRow(z, rowValue, r);

    const result = new Map<number, number>();
    if (evaluateAt.has(0)) result.set(0, valueNow());
    const removed = new Uint8Array(units);
    order.forEach((node, step) => {
      if (!Number.isInteger(node) || node < 0 || node >= units || removed[node]) {
        fail(
          fn,
          `removal order entry ${node} is not a distinct node of layer ${layerIndex} (pass each node index once)`,
        );
      }
      removed[node] = 1;
      const c = removedNodeOutput(layer, node);
      const krow = kernel[node];
      const column = node * rows;
      for (let r = 0; r < rows; r++) {
        const delta = actsByNode[column + r] - c;
        if (delta === 0) continue;
        const o = r * h2;
        for (let k = 0; k < h2; k++) z[o + k] -= delta * krow[k];
        if (perRow && !dirty[r]) {
          dirty[r] = 1;
          dirtyRows[dirtyCount++] = r;
        }
      }
      if (evaluateAt.has(step + 1)) result.set(step + 1, valueNow());
    });
    return result;
  };
  return { evaluate };
}
