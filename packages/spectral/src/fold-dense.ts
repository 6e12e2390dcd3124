/**
 * spectral/fold-dense: a network with every spectral layer folded into the plain dense layer it computes, kernel
 * W = phi (lambdaIn - mask lambdaOut) (method spec §1, from directKernel, the one owner of that formula). The result
 * needs no SpectralDense to run: networkToModel builds it from tfjs Dense layers only, which stock tfjs (and the
 * tensorflowjs converter) load.
 */
import { directKernel, validateNetwork, type DenseLayerWeights, type NetworkWeights } from './network-weights';

export function foldToDense(net: NetworkWeights): NetworkWeights {
  validateNetwork(net);
  return {
    inputDim: net.inputDim,
    layers: net.layers.map((layer): DenseLayerWeights => {
      const dense: DenseLayerWeights = { kind: 'dense', kernel: directKernel(layer), activation: layer.activation };
      if (layer.bias) dense.bias = layer.bias.slice();
      if (layer.trainable !== undefined) dense.trainable = layer.trainable;
      return dense;
    }),
  };
}
