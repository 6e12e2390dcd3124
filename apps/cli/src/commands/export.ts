/**
 * cli/commands/export: `spectral export FILE --format tfjs-dense|npz [--out OUT]`: a trained network in a form that
 * needs no spectral-ts to use. `tfjs-dense` folds every spectral layer into the Dense layer it computes
 * (spectral's foldToDense) and saves a standard tfjs model directory that stock `tf.loadLayersModel` loads;
 * `npz` writes the network's arrays (direct kernels, eigenvectors, eigenvalues, masks, biases) for `numpy.load`.
 */
import * as path from 'path';
import { foldToDense, layerUnits, networkToModel, selectBackend, type NetworkWeights } from '@spectral-ts/spectral';
import { saveModel } from '@spectral-ts/spectral/node';
import { writeFileAtomic } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';
import { encodeNpz, matrix, vector, type NumpyArray } from '../numpy-files';
import { loadNetwork } from './load-network';

export const EXPORT_FORMATS = ['tfjs-dense', 'npz'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportReport {
  file: string;
  format: ExportFormat;
  /** The model directory (tfjs-dense) or the .npz file written. */
  out: string;
  layers: number;
}

/** Where an export goes without --out: next to FILE, `<name>.dense/` or `<name>.npz`. */
export function defaultExportPath(file: string, format: ExportFormat): string {
  const resolved = path.resolve(file);
  const base = resolved.endsWith('.json') ? resolved.slice(0, -'.json'.length) : resolved;
  return format === 'npz' ? `${base}.npz` : `${base}.dense`;
}

/**
 * The arrays of the .npz: per layer i `layer<i>_kernel` (the direct kernel W, [inputs, units], tfjs Dense
 * convention: pre-activation = x @ W + b), `layer<i>_bias` when the layer has one, and for spectral layers
 * `layer<i>_phi`, `layer<i>_lambda_in`, `layer<i>_lambda_out` and `layer<i>_mask` (ones when none is set); plus
 * `activations` and `kinds`, one string per layer.
 */
export function networkArrays(net: NetworkWeights): Record<string, NumpyArray> {
  const dense = foldToDense(net);
  const arrays: Record<string, NumpyArray> = {
    activations: { dtype: 'unicode', shape: [net.layers.length], data: net.layers.map((l) => l.activation) },
    kinds: { dtype: 'unicode', shape: [net.layers.length], data: net.layers.map((l) => l.kind) },
  };
  net.layers.forEach((layer, i) => {
    arrays[`layer${i}_kernel`] = matrix((dense.layers[i] as { kernel: number[][] }).kernel);
    if (layer.bias) arrays[`layer${i}_bias`] = vector(layer.bias);
    if (layer.kind === 'spectral') {
      arrays[`layer${i}_phi`] = matrix(layer.phi);
      arrays[`layer${i}_lambda_in`] = vector(layer.lambdaIn);
      arrays[`layer${i}_lambda_out`] = vector(layer.lambdaOut);
      arrays[`layer${i}_mask`] = vector(layer.mask ?? new Array<number>(layerUnits(layer)).fill(1));
    }
  });
  return arrays;
}

export async function exportNetwork(file: string, options: { format: string; out?: string }): Promise<ExportReport> {
  const format = options.format as ExportFormat;
  if (!EXPORT_FORMATS.includes(format)) {
    usage('export', `--format must be one of ${EXPORT_FORMATS.join(', ')}, got '${options.format}'`);
  }
  // cpu: these networks are small, and it needs no WebAssembly set-up; prod mode keeps tfjs' banners quiet
  await selectBackend('cpu');
  const net = await loadNetwork(file, 'export');
  if (net.layers.length === 0)
    usage('export', `${file} has no layers (export a trained network, e.g. DIR/weights/<trial>.json)`);
  const out = options.out ? path.resolve(options.out) : defaultExportPath(file, format);
  try {
    if (format === 'npz') {
      writeFileAtomic(out, encodeNpz(networkArrays(net)));
    } else {
      const model = networkToModel(foldToDense(net));
      await saveModel(model, out);
      model.dispose();
    }
  } catch (err) {
    throw asUsageError('export', `--out ${out}`, err);
  }
  return { file, format, out, layers: net.layers.length };
}
