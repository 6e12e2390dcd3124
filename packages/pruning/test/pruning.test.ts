import * as tf from '@tensorflow/tfjs';
import { forward, layerSizes, networkToModel, type NetworkWeights } from '@spectral-ts/spectral';
import { createRng } from '@spectral-ts/teacher-student';
import { maskNodes, pruneModel, pruneStructurally } from '../src';
import { gaussianData, matrix, maxAbsDiff, paperLikeNet, vector } from './helpers';

const rows = 200;

/** A 4-layer chain with biases, a sigmoid hidden layer (removed nodes send 0.5, not 0) and a spectral second layer. */
function mixedNet(seed: number): NetworkWeights {
  const rng = createRng(seed);
  return {
    inputDim: 4,
    layers: [
      {
        kind: 'spectral',
        phi: matrix(rng, 4, 9),
        lambdaIn: [0, 0, 0, 0],
        lambdaOut: vector(rng, 9),
        bias: vector(rng, 9, 0.5),
        activation: 'sigmoid',
      },
      {
        kind: 'spectral',
        phi: matrix(rng, 9, 6),
        lambdaIn: vector(rng, 9, 0.3),
        lambdaOut: vector(rng, 6),
        mask: [1, 1, 0, 1, 1, 1],
        activation: 'tanh',
      },
      { kind: 'dense', kernel: matrix(rng, 6, 5), bias: vector(rng, 5), activation: 'relu' },
      { kind: 'dense', kernel: matrix(rng, 5, 2), activation: 'linear' },
    ],
  };
}

describe('maskNodes and pruneStructurally', () => {
  it('agree to 1e-12 in float64 on the paper-like chain, with and without bias', () => {
    for (const bias of [false, true]) {
      const net = paperLikeNet(1, 5, 30, 7, { bias });
      const data = gaussianData(5, rows, 2);
      const keep = [0, 3, 4, 10, 11, 17, 29];
      const masked = forward(maskNodes(net, 0, keep), data.x, rows);
      const pruned = pruneStructurally(net, 0, keep);
      expect(layerSizes(pruned)).toEqual([5, 7, 7, 1]);
      expect(maxAbsDiff(forward(pruned, data.x, rows), masked)).toBeLessThan(1e-12);
      // and masking really changed the output, so the agreement is not trivial
      expect(maxAbsDiff(forward(net, data.x, rows), masked)).toBeGreaterThan(1e-3);
    }
  });

  it('agree on every hidden layer of a mixed chain (sigmoid constants folded into the next bias, spectral next layer)', () => {
    const net = mixedNet(3);
    // Layer 1 reads layer 0 through non-zero lambdaIn (sliced with the rows); to prune layer 1 itself it needs
    // lambdaIn = 0, so that case uses a copy.
    const net1 = structuredClone(net);
    (net1.layers[1] as { lambdaIn: number[] }).lambdaIn.fill(0);
    const data = gaussianData(4, rows, 4);
    for (const [n, layerIndex, keep] of [
      [net, 0, [1, 2, 5, 8]],
      [net1, 1, [0, 2, 4]],
      [net, 2, [3]],
    ] as [NetworkWeights, number, number[]][]) {
      const net = n;
      const masked = forward(maskNodes(net, layerIndex, keep), data.x, rows);
      const pruned = pruneStructurally(net, layerIndex, keep);
      expect(layerSizes(pruned)[layerIndex + 1]).toBe(keep.length);
      expect(maxAbsDiff(forward(pruned, data.x, rows), masked)).toBeLessThan(1e-12);
    }
  });

  it('maskNodes sets the spectral mask and zeroes dense columns without touching the input network', () => {
    const net = mixedNet(5);
    const before = JSON.stringify(net);
    const m0 = maskNodes(net, 0, [0, 1]);
    expect((m0.layers[0] as { mask?: number[] }).mask).toEqual([1, 1, 0, 0, 0, 0, 0, 0, 0]);
    const m2 = maskNodes(net, 2, [1, 2, 3, 4]);
    expect((m2.layers[2] as { kernel: number[][] }).kernel.every((row) => row[0] === 0)).toBe(true);
    expect(JSON.stringify(net)).toBe(before);
    // an already masked node stays masked even when kept
    const net1 = structuredClone(net);
    (net1.layers[1] as { lambdaIn: number[] }).lambdaIn.fill(0);
    expect((maskNodes(net1, 1, [0, 1, 2, 3]).layers[1] as { mask?: number[] }).mask).toEqual([1, 1, 0, 1, 0, 0]);
  });

  it('an empty keep set masks everything but cannot be built structurally', () => {
    const net = paperLikeNet(1, 5, 10, 4);
    const data = gaussianData(5, 20, 2);
    const out = forward(maskNodes(net, 0, []), data.x, 20);
    expect(new Set(out).size).toBe(1); // a constant prediction
    expect(() => pruneStructurally(net, 0, [])).toThrow(/^pruning\/pruneStructurally: keep is empty; .*use maskNodes/);
  });

  it('bad input is a clear error', () => {
    const net = paperLikeNet(1, 5, 10, 4);
    expect(() => maskNodes(net, 3, [0])).toThrow(
      /^pruning\/maskNodes: layerIndex 3 is out of range; the network has layers 0..2/,
    );
    expect(() => maskNodes(net, 2, [0])).toThrow(/^pruning\/maskNodes: layerIndex 2 is the output layer/);
    expect(() => pruneStructurally(net, 0, [1, 1])).toThrow(/^pruning\/pruneStructurally: keep contains node 1 twice/);
    expect(() => pruneStructurally(net, 0, [10])).toThrow(
      /^pruning\/pruneStructurally: keep contains 10, which is not a node index/,
    );
    const withLambdaIn = structuredClone(net);
    (withLambdaIn.layers[0] as { lambdaIn: number[] }).lambdaIn[2] = 0.1;
    expect(() => maskNodes(withLambdaIn, 0, [0])).toThrow(/^pruning\/maskNodes: layer 0 has non-zero lambdaIn/);
  });

  it('the pruned tfjs model equals the masked model to 1e-6 and has its own, smaller config', () => {
    const net = paperLikeNet(11, 10, 60, 20);
    const data = gaussianData(10, 500, 12);
    const keep = Array.from({ length: 60 }, (_, i) => i).filter((i) => i % 3 !== 0);
    const { network, model } = pruneModel(net, 0, keep);
    const maskedModel = networkToModel(maskNodes(net, 0, keep));
    const x = tf.tensor2d(data.x, [500, 10]);
    const yPruned = (model.predict(x) as tf.Tensor).dataSync();
    const yMasked = (maskedModel.predict(x) as tf.Tensor).dataSync();
    // Relative to the output scale: the two models sum the same terms in a different order (fewer columns), so in
    // float32 they may differ by a few ulps of the output, which is ~4e-6 absolute at outputs of size ~10 (cpu backend).
    const scale = Math.max(...Array.from(yMasked, Math.abs));
    expect(scale).toBeGreaterThan(1);
    expect(maxAbsDiff(yPruned, yMasked) / scale).toBeLessThan(1e-6);
    // and both match the float64 reference up to float32 rounding
    expect(maxAbsDiff(yPruned, forward(network, data.x, 500))).toBeLessThan(1e-4);
    const config = model.getConfig() as unknown as { layers: { config: { units: number } }[] };
    expect(config.layers.map((l) => l.config.units)).toEqual([40, 20, 1]);
    expect(model.countParams()).toBeLessThan(maskedModel.countParams());
    x.dispose();
    model.dispose();
    maskedModel.dispose();
  });
});
