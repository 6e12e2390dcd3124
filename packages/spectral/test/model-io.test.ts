// saveModel / loadModel: the standard tfjs model.json + weights.bin pair on disk, on every backend.
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import {
  SpectralDense,
  currentBackend,
  modelToNetwork,
  networkToModel,
  type NetworkWeights,
} from '@spectral-ts/spectral';
import { loadModel, saveModel } from '@spectral-ts/spectral/node';
import { inputs, makeRng, matrix, predict, randomSpectral, vector } from './helpers';

let tmp: string;
beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'spectral-io-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

/** A three-layer model with a mask, a bias, trainable lambdaIn, a frozen lambdaOut and a dense read-out. */
function richModel(): { model: tf.LayersModel; net: NetworkWeights } {
  const rng = makeRng(41);
  const a = randomSpectral(rng, 5, 8, 'relu');
  a.lambdaIn = new Array(5).fill(0);
  a.mask = [1, 0, 1, 1, 0, 1, 1, 1];
  const b = randomSpectral(rng, 8, 4, 'tanh', true);
  const net: NetworkWeights = {
    inputDim: 5,
    layers: [a, b, { kind: 'dense', kernel: matrix(rng, 4, 2), bias: vector(rng, 2), activation: 'linear' }],
  };
  const model = networkToModel(net, { phiL2: 0.02, lambdaL2: 1e-3 });
  return { model, net };
}

const configs = (m: tf.LayersModel) => m.layers.map((l) => l.getConfig());
const weights = (m: tf.LayersModel) =>
  m.layers.map((l) =>
    l.weights.map((w) => ({ name: w.originalName, trainable: w.trainable, values: Array.from(w.read().dataSync()) })),
  );

describe('saveModel / loadModel', () => {
  it('writes model.json + weights.bin, and loading gives identical predictions, configs and weights', async () => {
    const { model } = richModel();
    const dir = path.join(tmp, 'nested', 'model-a');
    await saveModel(model, dir);
    expect((await fs.readdir(dir)).sort()).toEqual(['model.json', 'weights.bin']); // no temp files left behind
    const json = JSON.parse(await fs.readFile(path.join(dir, 'model.json'), 'utf8'));
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest[0].paths).toEqual(['weights.bin']);
    const specs = json.weightsManifest[0].weights as { name: string; shape: number[] }[];
    expect(specs.map((s) => s.name)).toContain(`${model.layers[0].name}/node_mask`);

    const loaded = await loadModel(dir);
    expect(loaded.layers[0]).toBeInstanceOf(SpectralDense);
    expect(configs(loaded)).toEqual(configs(model));
    expect(weights(loaded)).toEqual(weights(model));
    const x = inputs(makeRng(42), 30, 5);
    expect(Array.from(predict(loaded, x, 30, 5))).toEqual(Array.from(predict(model, x, 30, 5)));
    // The mask survived (unit 1 and 4 stay removed), and so did the trainable flags of each weight.
    expect((loaded.layers[0] as SpectralDense).eigenvalues().mask).toEqual([1, 0, 1, 1, 0, 1, 1, 1]);
    expect(modelToNetwork(loaded)).toEqual(modelToNetwork(model));
  });

  it('accepts the path of model.json, overwrites an existing save, and names a missing model', async () => {
    const { model } = richModel();
    const dir = path.join(tmp, 'model-b');
    await saveModel(model, dir);
    (model.layers[0] as SpectralDense).clearNodeMask();
    await saveModel(model, dir);
    const loaded = await loadModel(path.join(dir, 'model.json'));
    expect((loaded.layers[0] as SpectralDense).eigenvalues().mask).toEqual(new Array(8).fill(1));
    await expect(loadModel(path.join(tmp, 'nothing-here'))).rejects.toThrow(
      /^spectral\/loadModel: no model.json in .*nothing-here/,
    );
    await fs.rm(path.join(dir, 'weights.bin'));
    await expect(loadModel(dir)).rejects.toThrow(
      /spectral\/loadModel: weights file .*weights.bin named in model.json is missing/,
    );
  });

  it('round-trips a trained functional model', async () => {
    const input = tf.input({ shape: [3] });
    const h = new SpectralDense({ units: 6, activation: 'relu', seed: 1 }).apply(input) as tf.SymbolicTensor;
    const out = new SpectralDense({ units: 1, seed: 2, lambdaInTrainable: true }).apply(h) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'meanSquaredError' });
    const xs = tf.randomNormal([32, 3], 0, 1, 'float32', 5);
    const ys = tf.sum(xs, 1, true);
    await model.fit(xs, ys, { epochs: 3, batchSize: 16, shuffle: false, verbose: 0 });
    const dir = path.join(tmp, 'model-c');
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    const x = inputs(makeRng(43), 10, 3);
    expect(Array.from(predict(loaded, x, 10, 3))).toEqual(Array.from(predict(model, x, 10, 3)));
    expect(configs(loaded)).toEqual(configs(model));
    tf.dispose([xs, ys]);
  });

  // With the native backend loaded, tfjs-node's own file:// handler must read and write the same files.
  const nativeOnly = process.env.SPECTRAL_BACKEND === 'tensorflow' ? it : it.skip;
  nativeOnly("writes files that tfjs-node's own file:// loader reads", async () => {
    expect(currentBackend()).toBe('tensorflow');
    const { model } = richModel();
    const dir = path.join(tmp, 'model-d');
    await saveModel(model, dir);
    const viaNode = await tf.loadLayersModel(`file://${path.join(dir, 'model.json')}`);
    const x = inputs(makeRng(44), 10, 5);
    expect(Array.from(predict(viaNode, x, 10, 5))).toEqual(Array.from(predict(model, x, 10, 5)));
    // (Saving through file:// inside jest trips over tfjs-node's cross-realm typed arrays, which saveModel avoids.)
  });
});
