/**
 * training/parameter-groups: names the trainable arrays of a NetworkWeights chain ("parameter groups": phi,
 * lambdaIn, lambdaOut, kernel, bias per layer) and lays the trained ones out as one flat parameter vector, so that
 * every engine runs Adam, the L2 penalty and the strategy's freezing masks on a single vector instead of per array.
 */
import type { LayerWeights } from '@spectral-ts/spectral';

/** The kinds of parameter array a layer holds. */
export type ParameterGroupName = 'phi' | 'lambdaIn' | 'lambdaOut' | 'kernel' | 'bias';

/** One parameter array of one layer, as a strategy sees it when deciding what trains. */
export interface ParameterGroupRef {
  /** Index of the layer in NetworkWeights.layers. */
  layerIndex: number;
  layerKind: LayerWeights['kind'];
  name: ParameterGroupName;
  /** True when the request freezes the whole layer (e.g. the paper's all-ones output layer). */
  layerFrozen: boolean;
}

/** A parameter group placed in the flat vector. */
export interface FlatGroup extends ParameterGroupRef {
  /** Offset in the flat vector. */
  offset: number;
  /** Number of entries. */
  size: number;
  /** Shape of the array: [in, out] for phi/kernel, [in] for lambdaIn, [out] for lambdaOut/bias. */
  shape: number[];
}

/** The groups a layer has, in the order they are laid out. */
export function groupsOfLayer(layer: LayerWeights): { name: ParameterGroupName; shape: number[] }[] {
  const out: { name: ParameterGroupName; shape: number[] }[] = [];
  if (layer.kind === 'spectral') {
    const inDim = layer.phi.length;
    const units = layer.lambdaOut.length;
    out.push(
      { name: 'phi', shape: [inDim, units] },
      { name: 'lambdaIn', shape: [inDim] },
      { name: 'lambdaOut', shape: [units] },
    );
  } else {
    out.push({ name: 'kernel', shape: [layer.kernel.length, layer.kernel[0]?.length ?? 0] });
  }
  if (layer.bias) out.push({ name: 'bias', shape: [layer.bias.length] });
  return out;
}

/** Reads a group's values from a network (row-major for 2-D arrays). */
export function readGroup(layer: LayerWeights, name: ParameterGroupName): number[] {
  switch (name) {
    case 'phi':
      return (layer as { phi: number[][] }).phi.flat();
    case 'kernel':
      return (layer as { kernel: number[][] }).kernel.flat();
    case 'lambdaIn':
      return (layer as { lambdaIn: number[] }).lambdaIn.slice();
    case 'lambdaOut':
      return (layer as { lambdaOut: number[] }).lambdaOut.slice();
    case 'bias':
      return (layer.bias ?? []).slice();
  }
}

/** Writes a group's values (row-major) into a network in place. */
export function writeGroup(
  layer: LayerWeights,
  name: ParameterGroupName,
  shape: number[],
  values: ArrayLike<number>,
  offset = 0,
): void {
  if (name === 'phi' || name === 'kernel') {
    const [rows, cols] = shape;
    const target = name === 'phi' ? (layer as { phi: number[][] }).phi : (layer as { kernel: number[][] }).kernel;
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) target[r][c] = values[offset + r * cols + c];
    return;
  }
  const target = name === 'bias' ? layer.bias! : (layer as unknown as Record<'lambdaIn' | 'lambdaOut', number[]>)[name];
  for (let i = 0; i < shape[0]; i++) target[i] = values[offset + i];
}
