// Real data end to end: a tiny MNIST classifier (784-16-10, 600 rows, 3 epochs, 2 trials per variant) trained through
// `spectral run` for real; its records, summary, CSVs and report; the accuracy curve's ends checked against the
// record's accuracy and the constant-output network's; a resume that recomputes a lost record to the same numbers;
// and the image-data config errors, each exit 2 naming the field with nothing written.
import * as fs from 'fs';
import * as path from 'path';
import { makeImageTestSet } from '@spectral-ts/image-datasets';
import { buildStudent } from '@spectral-ts/teacher-student';
import { comparableSummary, runCli, tempDir, writeConfig } from './helpers';
import { checkClassifierOutput } from '../src/config/image-config';

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));

const DATA = { kind: 'mnist', train: 600, test: 200, validationSplit: 0.2, seed: 1 };
function mnistConfig(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    data: DATA,
    students: { hidden: [16], variants: ['spectral', 'direct'] },
    training: {
      epochs: 3,
      learningRate: 0.005,
      batchSize: 50,
      variants: { spectral: { l2: { phi: 1e-5, kernel: 1e-5 } }, direct: { l2: { phi: 1e-5, kernel: 1e-5 } } },
    },
    trials: 2,
    seed: 3,
    ...over,
  };
}

interface Curve {
  ranking: string;
  units: number;
  points: { fraction: number; removed: number; kept: number; accuracy: number }[];
}

describe('classification on MNIST through the CLI', () => {
  const work = tempDir('spectral-mnist-');
  const out = path.join(work, 'out');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('trains 784-16-10 classifiers and writes records, summary, CSVs and the report', async () => {
    const config = writeConfig(work, mnistConfig());
    const r = await runCli(['run', '--config', config, '--out', out, '--workers', '1', '--quiet']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const variant of ['spectral', 'direct']) {
      for (const t of [0, 1]) {
        const record = readJson(path.join(out, 'trials', `t0-${variant}-n16-trial${t}.json`));
        expect(record.status).toBe('ok');
        expect(record.teacher).toMatchObject({ kind: 'mnist', size: 0, hidden: [] });
        const c = record.classification;
        expect(c).toMatchObject({ dataset: 'mnist', classes: 10 });
        // chance is 0.1; 480 rows and 3 epochs already give far more
        expect(c.testAccuracy).toBeGreaterThan(0.5);
        expect(c.trainAccuracy).toBeGreaterThan(0.5);
        expect(c.validationAccuracy).toBeGreaterThan(0.4);
        expect(c.testCrossEntropy).toBe(record.testMse);
        expect(c.testCrossEntropy).toBeLessThan(Math.log(10));
        expect(c.accuracyCurves.map((a: Curve) => a.ranking)).toEqual(['rescaled-eigenvalue', 'weight-norm', 'random']);
        for (const curve of c.accuracyCurves as Curve[]) {
          expect(curve.units).toBe(16);
          expect(curve.points).toHaveLength(21);
          expect(curve.points[0]).toEqual({ fraction: 0, removed: 0, kept: 16, accuracy: c.testAccuracy });
          expect(curve.points[20]).toMatchObject({ fraction: 1, removed: 16, kept: 0 });
          expect(curve.points[10]).toMatchObject({ fraction: 0.5, removed: 8, kept: 8 });
        }
        // the network: 784 -> 16 (spectral, ReLU) -> 10 trained linear logits
        const net = readJson(path.join(out, record.weightsFile));
        expect(net.inputDim).toBe(784);
        expect(net.layers.map((l: { kind: string }) => l.kind)).toEqual(['spectral', 'dense']);
        expect(net.layers[1]).toMatchObject({ activation: 'linear', trainable: true });
        expect(net.layers[1].kernel[0]).toHaveLength(10);
      }
    }
    const summary = readJson(path.join(out, 'summary.json'));
    expect(summary.complete).toBe(true);
    expect(summary.groups.map((g: { variant: string }) => g.variant)).toEqual(['spectral', 'direct']);
    for (const g of summary.groups) {
      expect(g.classification.testAccuracy.n).toBe(2);
      expect(g.classification.accuracyCurves).toHaveLength(3);
      expect(g.classification.accuracyCurves[0].atHalf.removed).toBe(8);
    }
    const accuracy = fs.readFileSync(path.join(out, 'accuracy.csv'), 'utf8').trim().split('\n');
    expect(accuracy).toHaveLength(1 + 2 * 3 * 21);
    expect(fs.readFileSync(path.join(out, 'groups.csv'), 'utf8').split('\n')[0]).toContain('test_accuracy_mean');
    const analyzed = await runCli(['analyze', path.join(out, 'weights', 't0-spectral-n16-trial0.json')]);
    expect(analyzed.code).toBe(0);
    expect(analyzed.out).toMatch(/layers 784-16-10, effective size \d+ of 16/);
    const report = await runCli(['report', out]);
    expect(report.code).toBe(0);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('Accuracy against nodes removed');
    expect(fs.existsSync(path.join(out, 'figures', 'accuracy-vs-removed.svg'))).toBe(true);
  });

  it('removing every node gives the constant-output accuracy (the share of class 0)', () => {
    const test = makeImageTestSet('mnist', { train: 600, test: 200, validationSplit: 0.2, seed: 1 });
    // With every node removed the logits are all 0 (no bias): the argmax (first on ties) is class 0 on every row.
    let zeros = 0;
    for (let i = 0; i < test.rows; i++) if (test.y[i] === 0) zeros++;
    const record = readJson(path.join(out, 'trials', 't0-spectral-n16-trial0.json'));
    for (const curve of record.classification.accuracyCurves as Curve[])
      expect(curve.points[20].accuracy).toBe(zeros / test.rows);
  });

  it('resumes: a lost record is recomputed to the same numbers, the others are not trained again', async () => {
    const file = path.join(out, 'trials', 't0-direct-n16-trial1.json');
    const before = readJson(file);
    const summary = comparableSummary(out);
    fs.rmSync(file);
    const r = await runCli(['run', '--out', out, '--resume', '--workers', '1', '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const after = readJson(file);
    for (const k of ['wallSeconds', 'fingerprint']) {
      delete before[k];
      delete after[k];
    }
    expect(after).toEqual(before);
    expect(comparableSummary(out)).toEqual(summary);
  });
});

describe('image-data config errors', () => {
  const work = tempDir('spectral-mnist-bad-');
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
  const cases: [string, Record<string, unknown>, RegExp][] = [
    [
      'a teacher section',
      mnistConfig({ teacher: { kind: 'nn' } }),
      /teacher is set, but data.kind 'mnist' trains on images, not on a teacher's labels, so it would be ignored/,
    ],
    [
      'more rows than images',
      mnistConfig({ data: { ...DATA, train: 9000, test: 2000 } }),
      /data.train 9000 \+ data.test 2000 = 11000 is more than the 10000 images of 'mnist'/,
    ],
    [
      'an unknown kind',
      mnistConfig({ data: { ...DATA, kind: 'cifar' } }),
      /data.kind must be one of "teacher", "mnist"/,
    ],
    [
      'pruning.ranking (the MSE analysis)',
      mnistConfig({ pruning: { ranking: 'weight-norm' } }),
      /pruning.ranking is set, but image data has no MSE pruning analysis/,
    ],
    [
      'an eigenvalue ranking of a dense layer',
      mnistConfig({ students: { layers: [{ dense: 8 }] }, pruning: { rankings: ['rescaled-eigenvalue'] } }),
      /pruning.rankings\[0\] 'rescaled-eigenvalue' reads eigenvalues, but hidden layer 0 \(pruning.layer\) is a dense/,
    ],
    [
      'an engine without cross-entropy',
      mnistConfig({ training: { epochs: 1, engine: 'wasm-simd' } }),
      /training.engine 'wasm-simd' trains the MSE only, but data.kind 'mnist' trains classifiers/,
    ],
    [
      'pruning.rankings on a teacher run',
      { teacher: { kind: 'nn' }, pruning: { rankings: ['random'] }, trials: 1 },
      /pruning.rankings is set, but it names the accuracy curves of image data/,
    ],
  ];
  it.each(cases)('%s is exit 2 naming the field, nothing written', async (_name, config, message) => {
    const out = path.join(work, `out-${_name.replace(/\W+/g, '-')}`);
    const r = await runCli(['run', '--config', writeConfig(work, config), '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(message);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a classifier whose output is not one logit per class', () => {
    const wrong = buildStudent(
      [
        { kind: 'spectral', units: 4 },
        { kind: 'dense', units: 3, activation: 'linear' },
      ],
      784,
      0,
    );
    expect(() => checkClassifierOutput(wrong, 10, 'mnist')).toThrow(
      /the student ends in 3 linear units, but 'mnist' has 10 classes: a classifier must end in 10 linear logits/,
    );
  });
});
