/**
 * topology/pathValues: the value of every input-to-output path of a network (the product of the direct weights along
 * it, method spec §5.4), sorted ascending. Exact values come from outer products layer by layer, not from a graph
 * enumeration; above a configurable path count a seeded uniform sample of paths estimates the distribution.
 */
import { createRng } from '@spectral-ts/teacher-student';
import type { NetworkWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { kernelChain, restrictChain, type KernelChain } from '../kernels';
import { allNodes, type NodeSelection } from '../selection';

/** Above this many paths the values are sampled (2e6 float64 = 16 MB; the paper's largest student has 2e5 paths). */
export const DEFAULT_MAX_EXACT_PATHS = 2_000_000;
/** Paths drawn when sampling. */
export const DEFAULT_PATH_SAMPLES = 200_000;

export interface PathValueOptions {
  /** Paths run only through these neurons (default: all of them). */
  keep?: NodeSelection;
  /** Compute every path exactly up to this count (default {@link DEFAULT_MAX_EXACT_PATHS}). */
  maxExactPaths?: number;
  /** Number of sampled paths above maxExactPaths (default {@link DEFAULT_PATH_SAMPLES}). */
  samples?: number;
  /** Seed of the path sample (default 0). */
  seed?: number;
}

/** Sorted path values. */
export interface PathValues {
  /** Ascending; every path when `sampled` is false, else the sampled paths. */
  values: Float64Array;
  /** Exact number of input-to-output paths (product of the layer widths of the view). */
  count: number;
  sampled: boolean;
}

/** Number of input-to-output paths of a chain: the product of its layer widths. */
export function pathCount(sizes: number[]): number {
  return sizes.reduce((p, n) => p * n, 1);
}

/**
 * Every path value of a kernel chain, unsorted. paths[k * P + p] holds the value of the p-th path ending at node k of
 * the current layer (P paths end at every node); one step forms the outer product of those blocks with the next
 * kernel: next[k' * (n P) + j P + p] = paths[j P + p] * W[j, k'].
 */
export function exactPathValues(chain: KernelChain): Float64Array {
  const { sizes, kernels } = chain;
  let perNode = 1;
  let paths = new Float64Array(sizes[0]).fill(1);
  for (let l = 0; l < kernels.length; l++) {
    const n = sizes[l];
    const out = sizes[l + 1];
    const block = n * perNode;
    const next = new Float64Array(out * block);
    const kernel = kernels[l];
    for (let k = 0; k < out; k++) {
      const base = k * block;
      for (let j = 0; j < n; j++) {
        const w = kernel[j * out + k];
        const src = j * perNode;
        const dst = base + src;
        for (let p = 0; p < perNode; p++) next[dst + p] = paths[src + p] * w;
      }
    }
    paths = next;
    perNode = block;
  }
  return paths;
}

/** Values of `samples` paths drawn uniformly over the (i, j, k, ...) node tuples, unsorted. */
export function sampledPathValues(chain: KernelChain, samples: number, seed: number): Float64Array {
  if (!Number.isInteger(samples) || samples < 1)
    fail('sampledPathValues', `samples must be a positive integer, got ${samples}`);
  const { sizes, kernels } = chain;
  const rng = createRng(seed);
  const values = new Float64Array(samples);
  for (let s = 0; s < samples; s++) {
    let node = rng.int(sizes[0]);
    let v = 1;
    for (let l = 0; l < kernels.length; l++) {
      const next = rng.int(sizes[l + 1]);
      v *= kernels[l][node * sizes[l + 1] + next];
      node = next;
    }
    values[s] = v;
  }
  return values;
}

/** The sorted path values of a network view (exact up to maxExactPaths, sampled above). */
export function pathValues(net: NetworkWeights, options: PathValueOptions = {}): PathValues {
  const maxExact = options.maxExactPaths ?? DEFAULT_MAX_EXACT_PATHS;
  if (!(maxExact >= 0)) fail('pathValues', `maxExactPaths must be >= 0, got ${maxExact}`);
  const chain = restrictChain(kernelChain(net), options.keep ?? allNodes(net));
  if (chain.kernels.length === 0) fail('pathValues', 'the network has no layers, so it has no paths');
  const count = pathCount(chain.sizes);
  if (count === 0) {
    fail(
      'pathValues',
      `the view keeps no path (layer widths ${chain.sizes.join('-')}; a pruned layer lost every node)`,
    );
  }
  const sampled = count > maxExact;
  const values = sampled
    ? sampledPathValues(chain, options.samples ?? DEFAULT_PATH_SAMPLES, options.seed ?? 0)
    : exactPathValues(chain);
  values.sort();
  return { values, count, sampled };
}
