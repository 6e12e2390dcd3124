/**
 * topology/kernels: a network as a chain of float64 direct kernels, row-major [in][out], the form every path and
 * strength computation of this package works on. The direct weights come from spectral's `directKernel`, so a spectral
 * layer's weights are W_ij = phi_ij (lambdaIn_j - mask_i lambdaOut_i) with the paper's minus sign (method spec §1).
 */
import { directKernel, layerSizes, validateNetwork, type NetworkWeights } from '@spectral-ts/spectral';
import { fail } from './errors';

/** A chain of dense float64 kernels: kernels[l] is sizes[l] x sizes[l + 1], row-major. */
export interface KernelChain {
  /** Widths of every node layer: [inputs, hidden 1, ..., outputs]. */
  sizes: number[];
  /** kernels[l][j * sizes[l + 1] + k] is the direct weight from node j of layer l to node k of layer l + 1. */
  kernels: Float64Array[];
}

/** The float64 direct kernels of a network (validated first, so shape errors surface here with a clear message). */
export function kernelChain(net: NetworkWeights): KernelChain {
  validateNetwork(net);
  const sizes = layerSizes(net);
  const kernels = net.layers.map((layer, l) => {
    const rows = directKernel(layer);
    const out = sizes[l + 1];
    const flat = new Float64Array(sizes[l] * out);
    rows.forEach((row, j) => {
      for (let k = 0; k < out; k++) {
        const w = row[k];
        if (!Number.isFinite(w)) {
          fail(
            'kernelChain',
            `layer ${l} weight [${j}][${k}] is ${w} (the network holds NaN or Infinity; check training)`,
          );
        }
        flat[j * out + k] = w;
      }
    });
    return flat;
  });
  return { sizes, kernels };
}

/**
 * The chain restricted to selected nodes: kept[l] lists the node indices kept in layer l (ascending). Rows and columns
 * of the dropped nodes are removed, so paths and strengths of the result run only through the kept sub-network.
 */
export function restrictChain(chain: KernelChain, kept: number[][]): KernelChain {
  if (kept.length !== chain.sizes.length) {
    fail(
      'restrictChain',
      `the selection has ${kept.length} layers, the network ${chain.sizes.length} (give one index list per node layer, inputs included)`,
    );
  }
  kept.forEach((idx, l) => {
    for (const i of idx) {
      if (!Number.isInteger(i) || i < 0 || i >= chain.sizes[l]) {
        fail('restrictChain', `node index ${i} is outside layer ${l} of width ${chain.sizes[l]}`);
      }
    }
  });
  const sizes = kept.map((idx) => idx.length);
  const kernels = chain.kernels.map((kernel, l) => {
    const rows = kept[l];
    const cols = kept[l + 1];
    const fullOut = chain.sizes[l + 1];
    const flat = new Float64Array(rows.length * cols.length);
    rows.forEach((j, r) => {
      cols.forEach((k, c) => {
        flat[r * cols.length + c] = kernel[j * fullOut + k];
      });
    });
    return flat;
  });
  return { sizes, kernels };
}
