/**
 * pruning/pruning/removed-output: what a removed node still sends to the next layer. A removed node has no incoming
 * weights left (lambda_i = 0, or a zeroed kernel column), so its output is the constant act(bias_i): 0 for the
 * paper's bias-free ReLU layers (method spec §1: "setting lambda_i = 0 makes node i output exactly 0"), but not in
 * general. Structural pruning folds that constant into the next layer's bias so both modes agree exactly.
 */
import { activationFunction, type LayerWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';

/** act(bias_i) (bias 0 when absent): the constant output of node i once its incoming weights are gone. */
export function removedNodeOutput(layer: LayerWeights, node: number): number {
  return activationFunction(layer.activation)(layer.bias ? layer.bias[node] : 0);
}

/**
 * Spectral layers with non-zero lambdaIn keep weights phi_ij lambdaIn_j into node i even when lambda_i = 0, so the
 * mask does not remove the node; refuse instead of returning a pruning that is not one.
 */
export function assertMaskRemovesNodes(fn: string, layer: LayerWeights, layerIndex: number): void {
  if (layer.kind === 'spectral' && layer.lambdaIn.some((v) => v !== 0)) {
    fail(
      fn,
      `layer ${layerIndex} has non-zero lambdaIn, so setting lambda_i = 0 does not silence node i (prune a layer trained with lambdaIn = 0, method spec §1)`,
    );
  }
}
