// tfjs autodiff through SpectralDense against central finite differences of a float64 loss computed in plain JS by
// network-weights `forward` (independent of tfjs): method spec §9 item 1.
import * as tf from '@tensorflow/tfjs';
import {
  SpectralDense,
  cloneNetwork,
  forward,
  networkToModel,
  type NetworkWeights,
  type SpectralLayerWeights,
} from '@spectral-ts/spectral';
import { inputs, makeRng, randomSpectral, relativeError, vector, weightOf } from './helpers';

const PHI_L2 = 0.01; // method spec §1
const LAMBDA_L2 = 5e-4; // method spec §1

/** Float64 loss: mean squared error over every output entry plus the L2 penalties of every spectral layer. */
function loss64(net: NetworkWeights, x: Float64Array, y: number[], rows: number): number {
  const out = forward(net, x, rows);
  let s = 0;
  for (let k = 0; k < out.length; k++) s += (out[k] - y[k]) ** 2;
  let penalty = 0;
  for (const layer of net.layers) {
    if (layer.kind !== 'spectral') continue;
    for (const row of layer.phi) for (const v of row) penalty += PHI_L2 * v * v;
    for (const v of [...layer.lambdaIn, ...layer.lambdaOut]) penalty += LAMBDA_L2 * v * v;
  }
  return s / out.length + penalty;
}

type Group = 'phi' | 'lambda_in' | 'lambda_out' | 'bias';

/** Flat views (getter/setter by index) of one parameter group of a spectral layer. */
function access(
  layer: SpectralLayerWeights,
  group: Group,
): { n: number; get: (k: number) => number; set: (k: number, v: number) => void } {
  if (group === 'phi') {
    const cols = layer.phi[0].length;
    return {
      n: layer.phi.length * cols,
      get: (k) => layer.phi[Math.floor(k / cols)][k % cols],
      set: (k, v) => (layer.phi[Math.floor(k / cols)][k % cols] = v),
    };
  }
  const arr = group === 'lambda_in' ? layer.lambdaIn : group === 'lambda_out' ? layer.lambdaOut : layer.bias!;
  return { n: arr.length, get: (k) => arr[k], set: (k, v) => (arr[k] = v) };
}

/** Central differences in float64, step h = 1e-6 (truncation O(h^2) ~ 1e-12, round-off ~ 1e-16 / h = 1e-10). */
function finiteDifferences(
  net: NetworkWeights,
  layerIndex: number,
  group: Group,
  x: Float64Array,
  y: number[],
  rows: number,
): number[] {
  const work = cloneNetwork(net);
  const a = access(work.layers[layerIndex] as SpectralLayerWeights, group);
  const h = 1e-6;
  return Array.from({ length: a.n }, (_, k) => {
    const v = a.get(k);
    a.set(k, v + h);
    const up = loss64(work, x, y, rows);
    a.set(k, v - h);
    const down = loss64(work, x, y, rows);
    a.set(k, v);
    return (up - down) / (2 * h);
  });
}

const configs = [
  { name: 'relu -> linear (fused matMul path)', acts: ['relu', 'linear'] as const, bias: [true, false] },
  { name: 'tanh -> sigmoid', acts: ['tanh', 'sigmoid'] as const, bias: [false, true] },
];

describe('SpectralDense gradients vs float64 central differences (1e-3 relative)', () => {
  it.each(configs)('d loss / d phi, lambdaIn, lambdaOut, bias: $name', ({ acts, bias }) => {
    const rng = makeRng(21);
    const rows = 8;
    const net: NetworkWeights = {
      inputDim: 4,
      layers: [randomSpectral(rng, 4, 5, acts[0], bias[0]), randomSpectral(rng, 5, 3, acts[1], bias[1])],
    };
    const x = inputs(rng, rows, 4);
    const y = vector(rng, rows * 3, -1, 1);
    const model = networkToModel(net, { phiL2: PHI_L2, lambdaL2: LAMBDA_L2 });
    const layers = model.layers as SpectralDense[];
    // lambdaIn is non-zero here, so networkToModel makes it trainable: all three groups get gradients.
    layers.forEach((l) =>
      expect(l.trainableWeights.map((w) => w.originalName.split('/').pop()).sort()).toEqual(
        ['lambda_in', 'lambda_out', 'phi', ...(l.useBias ? ['bias'] : [])].sort(),
      ),
    );

    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(() => {
      const pred = model.apply(tf.tensor2d(Float32Array.from(x), [rows, 4])) as tf.Tensor;
      const mse = tf.mean(tf.square(tf.sub(pred, tf.tensor2d(y, [rows, 3]))));
      return model.calculateLosses().reduce((acc, l) => tf.add(acc, l), mse) as tf.Scalar;
    }, variables);
    // The tfjs loss itself agrees with the float64 one (float32 accuracy).
    expect(Math.abs(value.dataSync()[0] - loss64(net, x, y, rows))).toBeLessThanOrEqual(1e-5 * loss64(net, x, y, rows));

    let checked = 0;
    layers.forEach((layer, k) => {
      const groups: Group[] = ['phi', 'lambda_in', 'lambda_out', ...(layer.useBias ? (['bias'] as Group[]) : [])];
      for (const group of groups) {
        const v = weightOf(layer, group).read() as tf.Variable;
        const auto = Array.from(grads[v.name].dataSync());
        const fd = finiteDifferences(net, k, group, x, y, rows);
        // Relative to the group's scale (1e-4, the method spec §9 tolerance; measured ~3e-7), and element by element to
        // 1e-3 (the tolerance) with a floor of 1e-3 of that scale.
        expect(relativeError(auto, fd)).toBeLessThanOrEqual(1e-4);
        const scale = Math.max(...fd.map(Math.abs));
        expect(scale).toBeGreaterThan(1e-4); // a gradient that is not trivially zero
        fd.forEach((g, i) =>
          expect(Math.abs(auto[i] - g)).toBeLessThanOrEqual(1e-3 * Math.max(Math.abs(g), 1e-3 * scale)),
        );
        checked += fd.length;
      }
    });
    expect(checked).toBeGreaterThan(50);
    tf.dispose([value, ...Object.values(grads)]);
  });
});
