/**
 * pruning/curves/removal-evaluator: test MSE after removing the nodes of one layer one at a time, without N full
 * forward passes. The pruned layer's activations A (rows x N) are computed once; the next layer's pre-activation
 * Z = A K + b (K its direct kernel) loses node i's rank-1 term (A[:, i] - c_i) K[i, :] when node i is removed
 * (c_i = act(bias_i), what a removed node still sends), and only the layers after it are re-evaluated.
 * Cost O(N * rows * h2 + steps * tail), against O(N * rows * (d N + N h2)) for recomputing from scratch.
 */
import { activationFunction, directKernel, forward, layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { activateInto } from '../activation';
import { fail } from '../errors';
import { hiddenLayerAt } from '../layer-access';
import { assertMaskRemovesNodes, removedNodeOutput } from '../pruning/removed-output';

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

/**
 * Test MSE after removing the first m nodes of `order`, for every m in `evaluateAt` (m = 0 is the intact network).
 * Returns a map m -> MSE. `order` must list distinct node indices of layer `layerIndex`.
 */
export function evaluateRemovals(
  fn: string,
  net: NetworkWeights,
  data: Dataset,
  layerIndex: number,
  order: readonly number[],
  evaluateAt: ReadonlySet<number>,
): Map<number, number> {
  const layer = hiddenLayerAt(fn, net, layerIndex);
  assertMaskRemovesNodes(fn, layer, layerIndex);
  checkTestSet(fn, net, data);
  const rows = data.rows;
  const units = layerUnits(layer);
  const next = net.layers[layerIndex + 1];
  const h2 = layerUnits(next);
  const tail: NetworkWeights = { inputDim: h2, layers: net.layers.slice(layerIndex + 2) };

  // A: activations of the pruned layer; Z: pre-activations of the layer that reads it (both float64, row-major).
  const acts = forward({ inputDim: net.inputDim, layers: net.layers.slice(0, layerIndex + 1) }, data.x, rows);
  const kernel = directKernel(next);
  const z = forward(
    { inputDim: units, layers: [{ kind: 'dense', kernel, bias: next.bias, activation: 'linear' }] },
    acts,
    rows,
  );
  const hidden = new Float64Array(rows * h2);
  // Column-major copy of A: each removal reads one node's column, which is then contiguous instead of strided by N.
  const actsByNode = new Float64Array(rows * units);
  for (let r = 0; r < rows; r++) for (let i = 0; i < units; i++) actsByNode[i * rows + r] = acts[r * units + i];

  // Fast path for the paper's shape (and any chain ending "-> layer q -> dense(1)"): keep each row's squared error
  // and re-evaluate only the rows whose pre-activation a removal changed (a ReLU node is silent on about half of
  // them). spectral's forward would re-run every row and allocate per call, which dominates an N-step loop.
  const out =
    tail.layers.length === 1 && tail.layers[0].kind === 'dense' && layerUnits(tail.layers[0]) === 1
      ? tail.layers[0]
      : null;
  const outWeights = out ? Float64Array.from(out.kernel, (row) => row[0]) : null;
  const outBias = out?.bias ? out.bias[0] : 0;
  const rowError = new Float64Array(rows);
  const actHidden = activationFunction(next.activation);
  const actOut = activationFunction(out ? out.activation : 'linear');
  const evaluateRow = (r: number): void => {
    const o = r * h2;
    let acc = outBias;
    for (let k = 0; k < h2; k++) acc += actHidden(z[o + k]) * outWeights![k];
    const d = actOut(acc) - data.y[r];
    rowError[r] = d * d;
  };
  const sumErrors = (): number => {
    let s = 0;
    for (let r = 0; r < rows; r++) s += rowError[r];
    return s / rows;
  };

  const mseNow = (): number => {
    if (out) return sumErrors();
    activateInto(next.activation, z, hidden);
    const pred = tail.layers.length > 0 ? forward(tail, hidden, rows) : hidden;
    if (pred.length !== rows)
      fail(fn, `the network has ${pred.length / rows} outputs; pruning curves need a single output`);
    let s = 0;
    for (let r = 0; r < rows; r++) {
      const d = pred[r] - data.y[r];
      s += d * d;
    }
    return s / rows;
  };
  if (out) for (let r = 0; r < rows; r++) evaluateRow(r);

  const result = new Map<number, number>();
  if (evaluateAt.has(0)) result.set(0, mseNow());
  const removed = new Uint8Array(units);
  order.forEach((node, step) => {
    if (!Number.isInteger(node) || node < 0 || node >= units || removed[node]) {
      fail(fn, `removal order entry ${node} is not a distinct node of layer ${layerIndex} (pass each node index once)`);
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
      if (out) evaluateRow(r);
    }
    if (evaluateAt.has(step + 1)) result.set(step + 1, mseNow());
  });
  return result;
}
