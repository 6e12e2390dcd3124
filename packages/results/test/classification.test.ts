import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  accuracyCsv,
  groupsCsv,
  GROUP_COLUMNS,
  resultsPaths,
  summarize,
  trialsCsv,
  TRIAL_COLUMNS,
  validateTrialRecord,
  writeCsvFiles,
  type TrialRecord,
} from '../src';
import { classificationRecord, record } from './fixtures';

const run = {
  backend: 'cpu',
  workers: 1,
  wallSeconds: 3,
  startedAt: 'a',
  finishedAt: 'b',
  versions: {},
  trialsTotal: 4,
};

const records: TrialRecord[] = [
  classificationRecord(0, 'spectral', 0.9, 0.8),
  classificationRecord(1, 'spectral', 0.8, 0.7),
  classificationRecord(0, 'direct', 0.92, 0.4),
  classificationRecord(1, 'direct', 0.9, 0.2),
];

describe('classification summary', () => {
  const summary = summarize(records, run, { variants: ['spectral', 'direct'] });

  it('gives every group its accuracies and, per ranking, the accuracy mean +- std per fraction removed', () => {
    const [spectral, direct] = summary.groups;
    expect(spectral.variant).toBe('spectral');
    const c = spectral.classification!;
    expect(c.testAccuracy).toEqual({ mean: expect.closeTo(0.85, 12), std: expect.closeTo(0.05, 12), n: 2 });
    expect(c.trainAccuracy.mean).toBeCloseTo(0.9, 12);
    expect(c.validationAccuracy.mean).toBeCloseTo(0.84, 12);
    expect(c.testCrossEntropy).toEqual({ mean: 0.35, std: 0, n: 2 });
    expect(c.accuracyCurves.map((a) => a.ranking)).toEqual(['weight-norm', 'random']);
    const byNorm = c.accuracyCurves[0];
    expect(byNorm.points.map((p) => p.fraction)).toEqual([0, 0.5, 1]);
    expect(byNorm.points[0].accuracy.mean).toBeCloseTo(0.85, 12);
    expect(byNorm.points[2].accuracy).toEqual({ mean: 0.1, std: 0, n: 2 });
    expect(byNorm.atHalf).toEqual({
      fraction: 0.5,
      removed: 2,
      accuracy: { mean: expect.closeTo(0.75, 12), std: expect.closeTo(0.05, 12), n: 2 },
    });
    expect(direct.classification!.accuracyCurves[0].atHalf!.accuracy.mean).toBeCloseTo(0.3, 12);
    // no teacher: no pruning curves, no phase transition
    expect(spectral.rankCurve).toBeUndefined();
    expect(summary.phaseTransition).toBeUndefined();
  });

  it('averages a ranking only when every ok trial recorded it', () => {
    const partial = classificationRecord(2, 'spectral', 0.7, 0.5);
    partial.classification!.accuracyCurves = partial.classification!.accuracyCurves.slice(1);
    const s = summarize([...records.slice(0, 2), partial], run);
    expect(s.groups[0].classification!.accuracyCurves.map((a) => a.ranking)).toEqual(['random']);
  });

  it('leaves regression groups without a classification field', () => {
    const s = summarize([record({ trial: 0 })], { ...run, trialsTotal: 1 });
    expect(s.groups[0].classification).toBeUndefined();
  });

  it('writes accuracy.csv and the accuracy columns only for classification runs', () => {
    const lines = accuracyCsv(summary).trim().split('\n');
    expect(lines[0]).toBe(
      'dataset,variant,hidden,ranking,layer_index,units,fraction,removed,kept,accuracy_mean,accuracy_std,n',
    );
    // 2 groups x 2 rankings x 3 fractions
    expect(lines).toHaveLength(1 + 12);
    expect(lines[2]).toMatch(/^mnist,spectral,4,weight-norm,0,4,0.5,2,2,0.75\d*,0.05\d*,2$/);
    const groups = groupsCsv(summary).split('\n');
    expect(groups[0].endsWith('test_cross_entropy_mean,test_cross_entropy_std,test_cross_entropy_n')).toBe(true);
    expect(groups[0].split(',').slice(0, GROUP_COLUMNS.length)).toEqual(GROUP_COLUMNS);
    const trials = trialsCsv(records).split('\n');
    expect(trials[0].split(',').slice(TRIAL_COLUMNS.length)).toEqual([
      'train_accuracy',
      'validation_accuracy',
      'test_accuracy',
      'test_cross_entropy',
      'accuracy_half_removed_weight-norm',
      'accuracy_half_removed_random',
    ]);
    // sorted by id: t0-direct-n4-trial0 first, accuracy at half by weight norm 0.4
    expect(trials[1].split(',').slice(-2)).toEqual(['0.4', '0.6']);
    // the cross-entropy the MSE fields carry is only under its own name
    const cell = (line: string, header: string, name: string) => line.split(',')[header.split(',').indexOf(name)];
    for (const name of ['train_mse', 'validation_mse', 'test_mse']) expect(cell(trials[1], trials[0], name)).toBe('');
    expect(Number(cell(trials[1], trials[0], 'test_cross_entropy'))).toBeGreaterThan(0);
    for (const name of ['test_mse_mean', 'train_mse_mean']) expect(cell(groups[1], groups[0], name)).toBe('');

    const regression = summarize([record({ trial: 0 })], { ...run, trialsTotal: 1 });
    expect(groupsCsv(regression).split('\n')[0]).toBe(GROUP_COLUMNS.join(','));
    expect(trialsCsv([record({ trial: 0 })]).split('\n')[0]).toBe(TRIAL_COLUMNS.join(','));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'results-cls-'));
    try {
      writeCsvFiles(dir, regression, [record({ trial: 0 })]);
      expect(fs.existsSync(resultsPaths(dir).accuracyCsv)).toBe(false);
      writeCsvFiles(dir, summary, records);
      expect(fs.readFileSync(resultsPaths(dir).accuracyCsv, 'utf8')).toBe(accuracyCsv(summary));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('validates the classification fields of a record, naming the field', () => {
    const good = classificationRecord(0, 'spectral', 0.9, 0.8);
    expect(validateTrialRecord(JSON.parse(JSON.stringify(good)))).toEqual(good);
    const bad = JSON.parse(JSON.stringify(good));
    bad.classification.testAccuracy = 1.5;
    expect(() => validateTrialRecord(bad, 'x.json')).toThrow(
      /x.json: field 'classification.testAccuracy' should be a number in \[0, 1\]/,
    );
    bad.classification.testAccuracy = 0.5;
    bad.classification.accuracyCurves[0].points[1].accuracy = null;
    expect(() => validateTrialRecord(bad)).toThrow(/'classification.accuracyCurves'/);
  });
});
