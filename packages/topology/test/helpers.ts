// Small networks for the tests: random dense/spectral chains and an independent brute-force path enumeration.
import { createRng } from '@spectral-ts/teacher-student';
import type { LayerWeights, NetworkWeights } from '@spectral-ts/spectral';

export function randomMatrix(
  rows: number,
  cols: number,
  rng: ReturnType<typeof createRng>,
  lo = -1,
  hi = 1,
): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => rng.uniformIn(lo, hi)));
}

/** A random chain with the given widths; layer kinds alternate spectral / dense, spectral eigenvalues random. */
export function randomNetwork(sizes: number[], seed: number, lo = -1, hi = 1): NetworkWeights {
  const rng = createRng(seed);
  const layers: LayerWeights[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    if (l % 2 === 0) {
      layers.push({
        kind: 'spectral',
        phi: randomMatrix(sizes[l], sizes[l + 1], rng, lo, hi),
        lambdaIn: new Array(sizes[l]).fill(0),
        lambdaOut: Array.from({ length: sizes[l + 1] }, () => rng.uniformIn(0.5, 2)),
        activation: 'relu',
      });
    } else {
      layers.push({ kind: 'dense', kernel: randomMatrix(sizes[l], sizes[l + 1], rng, lo, hi), activation: 'relu' });
    }
  }
  return { inputDim: sizes[0], layers };
}

/** Direct weight from node j to node k of network layer l, computed here from the raw parameters (method spec §1). */
export function weightOf(net: NetworkWeights, l: number, j: number, k: number): number {
  const layer = net.layers[l];
  if (layer.kind === 'dense') return layer.kernel[j][k];
  const mask = layer.mask ? layer.mask[k] : 1;
  return layer.phi[j][k] * (layer.lambdaIn[j] - mask * layer.lambdaOut[k]);
}

/** Every path value by recursive enumeration over node tuples, restricted to `keep` when given. */
export function bruteForcePaths(net: NetworkWeights, keep?: number[][]): number[] {
  const sizes = [
    net.inputDim,
    ...net.layers.map((l) => (l.kind === 'dense' ? l.kernel[0].length : l.lambdaOut.length)),
  ];
  const nodes = keep ?? sizes.map((n) => Array.from({ length: n }, (_, i) => i));
  const out: number[] = [];
  const walk = (l: number, node: number, value: number): void => {
    if (l === net.layers.length) {
      out.push(value);
      return;
    }
    for (const next of nodes[l + 1]) walk(l + 1, next, value * weightOf(net, l, node, next));
  };
  for (const i of nodes[0]) walk(0, i, 1);
  return out.sort((a, b) => a - b);
}
