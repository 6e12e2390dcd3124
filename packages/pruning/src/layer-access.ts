/**
 * pruning/layer-access: checked access to the layer being pruned and the layer that reads it, shared by every
 * function that takes a `layerIndex`, so the range errors read the same everywhere.
 */
import { layerUnits, type LayerWeights, type NetworkWeights } from '@spectral-ts/spectral';
import { fail } from './errors';

/** Which hidden layer is pruned when the caller does not say: the first one (method spec §4). */
export const DEFAULT_LAYER_INDEX = 0;

/** The layer at `layerIndex`, or a named error when the index is not a layer of `net`. */
export function layerAt(fn: string, net: NetworkWeights, layerIndex: number): LayerWeights {
  if (!Number.isInteger(layerIndex) || layerIndex < 0 || layerIndex >= net.layers.length) {
    fail(
      fn,
      `layerIndex ${layerIndex} is out of range; the network has layers 0..${net.layers.length - 1} (pass the index of a hidden layer)`,
    );
  }
  return net.layers[layerIndex];
}

/**
 * The layer at `layerIndex`, checked to be a hidden layer (one that another layer reads): removing units of the
 * output layer would change what the network predicts, not prune it.
 */
export function hiddenLayerAt(fn: string, net: NetworkWeights, layerIndex: number): LayerWeights {
  const layer = layerAt(fn, net, layerIndex);
  if (layerIndex === net.layers.length - 1) {
    fail(fn, `layerIndex ${layerIndex} is the output layer (prune a hidden layer: 0..${net.layers.length - 2})`);
  }
  return layer;
}

/**
 * Checks a keep set against a layer of `units` nodes and returns it sorted ascending. Duplicates, non-integers and
 * out-of-range indices are errors; an empty set is allowed here (callers that cannot build an empty layer refuse it).
 */
export function normalizeKeep(fn: string, keep: readonly number[], units: number): number[] {
  const seen = new Set<number>();
  for (const i of keep) {
    if (!Number.isInteger(i) || i < 0 || i >= units) {
      fail(
        fn,
        `keep contains ${i}, which is not a node index of a layer with ${units} units (use integers in 0..${units - 1})`,
      );
    }
    if (seen.has(i)) fail(fn, `keep contains node ${i} twice (pass each kept node once)`);
    seen.add(i);
  }
  return [...seen].sort((a, b) => a - b);
}

/** The node indices of a layer with `units` nodes that are not in the (normalized) keep set. */
export function complement(keep: readonly number[], units: number): number[] {
  const kept = new Set(keep);
  const out: number[] = [];
  for (let i = 0; i < units; i++) if (!kept.has(i)) out.push(i);
  return out;
}

/** Units of the layer at `layerIndex` (checked). */
export function unitsAt(fn: string, net: NetworkWeights, layerIndex: number): number {
  return layerUnits(layerAt(fn, net, layerIndex));
}
