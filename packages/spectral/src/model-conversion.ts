/**
 * spectral/model-conversion: builds a tfjs model from a NetworkWeights chain (`networkToModel`) and reads a trained
 * chain back out of a tfjs model (`modelToNetwork`), so that packages downstream of training never need tfjs.
 */
import * as tf from '@tensorflow/tfjs';
import {
  isNetworkActivation,
  layerUnits,
  validateNetwork,
  type Activation,
  type DenseLayerWeights,
  type NetworkWeights,
} from './network-weights';
import { SPECTRAL_DEFAULTS, SpectralDense } from './spectral-dense';
import { fail } from './errors';

/** Options of `networkToModel`. */
export interface NetworkToModelOptions {
  /** L2 coefficient on phi of every spectral layer. Default 0.01 (method spec §1). */
  phiL2?: number;
  /** L2 coefficient on the eigenvalues of every spectral layer. Default 5e-4 (method spec §1). */
  lambdaL2?: number;
  /** false freezes every weight of the model (e.g. a teacher). Default true. */
  trainable?: boolean;
}

/**
 * A tf.Sequential whose layers hold exactly the given weights (rounded to float32): spectral layers become
 * SpectralDense, dense layers tf.layers.dense. Trainable flags: phi and lambdaOut train; lambdaIn trains only when some
 * entry is non-zero (the paper keeps it frozen at 0, method spec §1); dense kernels and biases train; a layer marked
 * `trainable: false` is frozen whole. The node masks are carried over. The model is built but not compiled.
 */
export function networkToModel(net: NetworkWeights, options: NetworkToModelOptions = {}): tf.Sequential {
  validateNetwork(net);
  const model = tf.sequential();
  net.layers.forEach((layer, k) => {
    const first = k === 0 ? { inputShape: [net.inputDim] } : {};
    const units = layerUnits(layer);
    if (layer.kind === 'spectral') {
      const spectral = new SpectralDense({
        ...first,
        units,
        activation: layer.activation,
        useBias: !!layer.bias,
        lambdaInTrainable: layer.lambdaIn.some((v) => v !== 0),
        phiL2: options.phiL2 ?? SPECTRAL_DEFAULTS.phiL2,
        lambdaL2: options.lambdaL2 ?? SPECTRAL_DEFAULTS.lambdaL2,
        // Overwritten below: skip the random draw.
        phiInitializer: 'zeros',
      });
      model.add(spectral);
      spectral.setLayerWeights(layer);
      if (layer.trainable === false) spectral.trainable = false;
    } else {
      const dense = tf.layers.dense({
        ...first,
        units,
        activation: layer.activation,
        useBias: !!layer.bias,
        kernelInitializer: 'zeros',
      });
      model.add(dense);
      const values: tf.Tensor[] = [tf.tensor2d(layer.kernel, [layer.kernel.length, units], 'float32')];
      if (layer.bias) values.push(tf.tensor1d(layer.bias, 'float32'));
      dense.setWeights(values);
      values.forEach((t) => t.dispose());
      if (layer.trainable === false) dense.trainable = false;
    }
  });
  if (options.trainable === false) model.layers.forEach((l) => (l.trainable = false));
  // Build now: a tfjs Sequential reports no regularisation losses (calculateLosses() is empty) until it is built.
  model.build();
  return model;
}

/** The activation name of a tfjs layer as NetworkWeights spells it, or a named error. */
function activationOf(layer: tf.layers.Layer, k: number): Activation {
  const raw = layer.getConfig().activation;
  const name = typeof raw === 'string' ? raw : 'linear';
  if (!isNetworkActivation(name)) {
    fail(
      'modelToNetwork',
      `layer ${k} ('${layer.name}') uses activation '${name}', which NetworkWeights cannot hold (use relu, linear, sigmoid or tanh)`,
    );
  }
  return name;
}

function readDense(layer: tf.layers.Layer, k: number): DenseLayerWeights {
  const find = (suffix: string) =>
    layer.weights.find((w) => w.originalName.endsWith(`/${suffix}`) || w.originalName === suffix);
  const kernel = find('kernel');
  if (!kernel) fail('modelToNetwork', `layer ${k} ('${layer.name}') has no kernel weight (is it built?)`);
  const out: DenseLayerWeights = {
    kind: 'dense',
    kernel: kernel.read().arraySync() as number[][],
    activation: activationOf(layer, k),
  };
  const bias = find('bias');
  if (bias) out.bias = Array.from(bias.read().dataSync());
  if (!layer.trainable) out.trainable = false;
  return out;
}

/**
 * Reads a chain of SpectralDense and Dense layers (any InputLayer is skipped) into NetworkWeights, float32 values
 * widened to float64; a frozen layer (layer.trainable false) gets `trainable: false`. Any other layer type, or an activation NetworkWeights cannot hold, is a named error.
 */
export function modelToNetwork(model: tf.LayersModel): NetworkWeights {
  if (!model || !Array.isArray(model.layers)) fail('modelToNetwork', 'expected a tfjs LayersModel');
  const inputShape = model.inputs?.[0]?.shape;
  if (!inputShape || model.inputs.length !== 1 || inputShape.length !== 2 || typeof inputShape[1] !== 'number') {
    fail(
      'modelToNetwork',
      `the model must have one input of shape [batch, inputDim], got ${JSON.stringify(model.inputs?.map((i) => i.shape))}`,
    );
  }
  const chain = model.layers.filter((l) => l.getClassName() !== 'InputLayer');
  // A branching functional model could pass the shape checks and still not be a chain: follow the actual links.
  chain.forEach((layer, k) => {
    const input = layer.input;
    const source = Array.isArray(input) || !input ? null : input.sourceLayer;
    const ok = k === 0 ? source?.getClassName() === 'InputLayer' : source === chain[k - 1];
    if (!ok)
      fail(
        'modelToNetwork',
        `layer ${k} ('${layer.name}') does not take its input from the layer before it (only plain chains convert)`,
      );
  });
  if (model.outputs.length !== 1 || model.outputs[0].sourceLayer !== chain[chain.length - 1]) {
    fail('modelToNetwork', 'the model output must be the last layer of the chain');
  }
  const layers = chain.map((layer, k) => {
    const cls = layer.getClassName();
    if (layer instanceof SpectralDense) return layer.toLayerWeights();
    if (cls === 'Dense') return readDense(layer, k);
    return fail(
      'modelToNetwork',
      `layer ${k} ('${layer.name}') is a ${cls}; only SpectralDense and Dense layers convert (remove it or convert by hand)`,
    );
  });
  return validateNetwork({ inputDim: inputShape[1], layers });
}
