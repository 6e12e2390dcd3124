/**
 * `spectral export`: tfjs-dense loads in stock tfjs (a child process that never loads spectral-ts, reading the model
 * over HTTP as a browser would) and predicts what the spectral network predicts; npz loads in numpy with every array,
 * and a numpy forward pass from it matches too. Bad input exits 2 with the field and the fix.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { forward, networkToModel, type NetworkWeights } from '@spectral-ts/spectral';
import { saveModel } from '@spectral-ts/spectral/node';
import { createRng } from '@spectral-ts/teacher-student';
import { CLI_ROOT, runCli, tempDir } from './helpers';
import { pythonWith, runPython } from './python';

const ROWS = 16;

/** A spectral first layer with every part of W = phi (lambdaIn - mask lambdaOut) non-trivial, then two dense layers. */
function network(): NetworkWeights {
  const rng = createRng(7);
  const m = (r: number, c: number) =>
    Array.from({ length: r }, () => Array.from({ length: c }, () => rng.uniformIn(-1, 1)));
  const v = (n: number, lo = -1) => Array.from({ length: n }, () => rng.uniformIn(lo, 1));
  return {
    inputDim: 4,
    layers: [
      {
        kind: 'spectral',
        phi: m(4, 6),
        lambdaIn: v(4),
        lambdaOut: v(6),
        mask: [1, 1, 0, 1, 1, 0],
        bias: v(6),
        activation: 'relu',
      },
      { kind: 'dense', kernel: m(6, 3), bias: v(3), activation: 'tanh' },
      { kind: 'dense', kernel: m(3, 1), activation: 'linear', trainable: false },
    ],
  };
}

const inputs = (() => {
  const rng = createRng(3);
  return Array.from({ length: ROWS * 4 }, () => rng.normal());
})();

// Stock tfjs only: serve the directory over HTTP and tf.loadLayersModel it, as a web page would.
const STOCK_TFJS = `
const http = require('http'), fs = require('fs'), path = require('path');
const tf = require('@tensorflow/tfjs');
const [dir, x, rows, dim] = JSON.parse(process.argv[1]);
const server = http.createServer((req, res) => res.end(fs.readFileSync(path.join(dir, path.basename(req.url)))));
server.listen(0, '127.0.0.1', async () => {
  try {
    tf.enableProdMode();
    const model = await tf.loadLayersModel('http://127.0.0.1:' + server.address().port + '/model.json');
    const y = Array.from(model.predict(tf.tensor2d(x, [rows, dim])).dataSync());
    process.stdout.write(JSON.stringify({ classes: model.layers.map((l) => l.getClassName()), y }));
  } catch (err) {
    process.stdout.write(JSON.stringify({ error: String(err.message) }));
  } finally {
    server.close();
  }
});`;

function loadInStockTfjs(dir: string): { classes?: string[]; y?: number[]; error?: string } {
  const r = spawnSync(process.execPath, ['-e', STOCK_TFJS, JSON.stringify([dir, inputs, ROWS, 4])], {
    cwd: CLI_ROOT,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`stock tfjs child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('spectral export', () => {
  let dir: string;
  let file: string;
  const net = network();
  const expected = Array.from(forward(net, inputs, ROWS));
  beforeAll(() => {
    dir = tempDir('spectral-export-');
    file = path.join(dir, 'student.json');
    fs.writeFileSync(file, JSON.stringify(net));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('tfjs-dense: stock tf.loadLayersModel loads plain Dense layers, predicting as the spectral network', async () => {
    // the contrast: the spectral model itself needs spectral-ts registered
    await saveModel(networkToModel(net), path.join(dir, 'spectral-model'));
    expect(loadInStockTfjs(path.join(dir, 'spectral-model')).error).toMatch(/Unknown layer: SpectralDense/);

    const r = await runCli(['export', file, '--format', 'tfjs-dense']);
    expect(r).toMatchObject({ code: 0, err: '' });
    const out = path.join(dir, 'student.dense');
    expect(r.out).toContain(out);
    expect(fs.readdirSync(out).sort()).toEqual(['model.json', 'weights.bin']);
    const stock = loadInStockTfjs(out);
    expect(stock.error).toBeUndefined();
    expect(stock.classes).toEqual(['Dense', 'Dense', 'Dense']);
    const scale = Math.max(...expected.map(Math.abs));
    stock.y!.forEach((y, i) => expect(Math.abs(y - expected[i])).toBeLessThan(1e-5 * scale));
  });

  it('tfjs-dense also exports a saved model directory, to --out', async () => {
    const r = await runCli([
      'export',
      path.join(dir, 'spectral-model'),
      '--format',
      'tfjs-dense',
      '--out',
      path.join(dir, 'from-model'),
    ]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const stock = loadInStockTfjs(path.join(dir, 'from-model'));
    stock.y!.forEach((y, i) => expect(Math.abs(y - expected[i])).toBeLessThan(1e-5));
  });

  const numpy = pythonWith(['numpy']);
  if (!numpy) console.warn('export.test npz: skipped, no python3 with numpy (apt-get install python3-numpy)');
  (numpy ? it : it.skip)('npz: numpy.load reads every array, and a numpy forward pass predicts the same', async () => {
    const out = path.join(dir, 'student.npz');
    expect(await runCli(['export', file, '--format', 'npz', '--out', out])).toMatchObject({ code: 0, err: '' });
    const script = `
import json, sys
import numpy as np
x, rows = json.load(sys.stdin)
z = np.load(${JSON.stringify(out)})
arrays = {k: z[k].tolist() for k in z.files}
dtypes = {k: str(z[k].dtype) for k in z.files}
act = {'relu': lambda v: np.maximum(v, 0), 'tanh': np.tanh, 'linear': lambda v: v}
h = np.array(x, dtype=np.float64).reshape(rows, -1)
for i, a in enumerate(z['activations']):
    h = h @ z[f'layer{i}_kernel'] + (z[f'layer{i}_bias'] if f'layer{i}_bias' in z.files else 0)
    h = act[str(a)](h)
k0 = z['layer0_phi'] * (z['layer0_lambda_in'][:, None] - (z['layer0_mask'] * z['layer0_lambda_out'])[None, :])
k0_error = float(np.abs(k0 - z['layer0_kernel']).max())
print(json.dumps({'arrays': arrays, 'dtypes': dtypes, 'y': h[:, 0].tolist(), 'k0': k0_error}))`;
    const r = runPython(numpy!, script, [inputs, ROWS]) as {
      arrays: Record<string, unknown>;
      dtypes: Record<string, string>;
      y: number[];
      k0: number;
    };
    const l0 = net.layers[0] as Extract<NetworkWeights['layers'][0], { kind: 'spectral' }>;
    expect(Object.keys(r.arrays).sort()).toEqual(
      [
        'activations',
        'kinds',
        'layer0_bias',
        'layer0_kernel',
        'layer0_lambda_in',
        'layer0_lambda_out',
        'layer0_mask',
        'layer0_phi',
      ]
        .concat(['layer1_bias', 'layer1_kernel', 'layer2_kernel'])
        .sort(),
    );
    expect(r.arrays).toMatchObject({ activations: ['relu', 'tanh', 'linear'], kinds: ['spectral', 'dense', 'dense'] });
    expect(r.arrays.layer0_phi).toEqual(l0.phi);
    expect(r.arrays.layer0_lambda_in).toEqual(l0.lambdaIn);
    expect(r.arrays.layer0_lambda_out).toEqual(l0.lambdaOut);
    expect(r.arrays.layer0_mask).toEqual(l0.mask);
    expect(r.arrays.layer1_kernel).toEqual((net.layers[1] as { kernel: number[][] }).kernel);
    expect(r.dtypes.layer0_kernel).toBe('float64');
    // numpy's own W = phi (lambdaIn - mask lambdaOut) equals the exported kernel, and its forward pass the JS one
    expect(r.k0).toBeLessThan(1e-15);
    r.y.forEach((y, i) => expect(Math.abs(y - expected[i])).toBeLessThan(1e-12));
  });

  it('refuses an unknown format and a missing file with exit code 2', async () => {
    const bad = await runCli(['export', file, '--format', 'onnx']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format.*onnx.*tfjs-dense, npz/s);
    const missing = await runCli(['export', path.join(dir, 'nope.json'), '--format', 'npz']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/nope\.json/);
    expect(fs.existsSync(path.join(dir, 'nope.npz'))).toBe(false);
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const notDir = await runCli(['export', file, '--format', 'tfjs-dense', '--out', path.join(dir, 'a-file')]);
    expect(notDir.code).toBe(2);
    expect(notDir.err).toMatch(/cli\/export: --out .*a-file is invalid: .*EEXIST/s);
  });
});
