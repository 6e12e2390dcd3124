/**
 * cli/commands/load-network: reads a trained network for `prune` and `analyze`: a NetworkWeights JSON file (what
 * `spectral run` writes to DIR/weights/), or a tfjs model directory saved with @spectral-ts/spectral's saveModel.
 */
import * as fs from 'fs';
import * as path from 'path';
import { modelToNetwork, validateNetwork, type NetworkWeights } from '@spectral-ts/spectral';
import { loadModel } from '@spectral-ts/spectral/node';
import { readJsonFile } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';

export async function loadNetwork(file: string, where: string): Promise<NetworkWeights> {
  const target = path.resolve(file);
  if (!fs.existsSync(target))
    usage(where, `${target} does not exist (give a weights .json from DIR/weights/ or a saved model directory)`);
  try {
    if (fs.statSync(target).isDirectory()) return validateNetwork(modelToNetwork(await loadModel(target)));
    const value = readJsonFile(target) as NetworkWeights;
    if (!value || typeof value !== 'object' || !Array.isArray(value.layers)) {
      usage(
        where,
        `${target} is not a NetworkWeights file (it needs inputDim and layers; use a file from DIR/weights/)`,
      );
    }
    return validateNetwork(value);
  } catch (err) {
    throw asUsageError(where, target, err);
  }
}

/** If `file` lies in DIR/weights/ of a results directory, that directory. */
export function resultsDirOf(file: string): string | undefined {
  const dir = path.dirname(path.dirname(path.resolve(file)));
  return path.basename(path.dirname(path.resolve(file))) === 'weights' && fs.existsSync(path.join(dir, 'config.json'))
    ? dir
    : undefined;
}
