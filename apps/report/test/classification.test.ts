// The report of a classification run, built from hand-made records: findings first, the accuracy-vs-removed figure
// (a line per ranking and variant, error bars) and its tables, and none of the teacher sections.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { summarize, type OkTrialRecord } from '@spectral-ts/results';
import { buildReport, compareRuns, writeComparison, writeReport } from '../src';

const mnist = { index: 0, kind: 'mnist', hidden: [], size: 0, labelVariance: 8.25 };

/** A trial of a 4-node layer: `test` intact, `half` with 2 nodes removed by weight norm, 0.6 by random order. */
function trial(t: number, variant: string, test: number, half: number): OkTrialRecord {
  const curve = (ranking: string, mid: number) => ({
    ranking,
    layerIndex: 0,
    units: 4,
    accuracyPre: test,
    points: [
      { fraction: 0, removed: 0, kept: 4, accuracy: test },
      { fraction: 0.5, removed: 2, kept: 2, accuracy: mid },
      { fraction: 1, removed: 4, kept: 0, accuracy: 0.1 },
    ],
  });
  return {
    schemaVersion: 2,
    id: `t0-${variant}-n4-trial${t}`,
    teacher: mnist,
    variant,
    hidden: 4,
    trial: t,
    seed: t,
    status: 'ok',
    backend: 'cpu',
    wallSeconds: 1,
    epochs: 2,
    history: [
      { epoch: 1, loss: 1.2, trainMse: 1.1 },
      { epoch: 2, loss: 0.6, trainMse: 0.5 },
    ],
    eigenvalues: [1, 0.5, 0.2, 0],
    scores: [1, 0.5, 0.2, 0],
    trainMse: 0.3,
    validationMse: 0.35,
    testMse: 0.4,
    averageDimensionPerTrial: 3,
    classification: {
      dataset: 'mnist',
      classes: 10,
      trainAccuracy: test + 0.02,
      validationAccuracy: test,
      testAccuracy: test,
      testCrossEntropy: 0.4,
      accuracyCurves: [curve('rescaled-eigenvalue', half), curve('weight-norm', half - 0.3), curve('random', 0.6)],
    },
  };
}

/** A results directory of the four trials, each accuracy moved by `shift`. */
function writeRun(shift: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-cls-'));
  const records = [
    trial(0, 'spectral', 0.9 + shift, 0.85 + shift),
    trial(1, 'spectral', 0.88 + shift, 0.83 + shift),
    trial(0, 'direct', 0.91 + shift, 0.6 + shift),
    trial(1, 'direct', 0.89 + shift, 0.5 + shift),
  ];
  fs.mkdirSync(path.join(dir, 'trials'));
  for (const r of records) fs.writeFileSync(path.join(dir, 'trials', `${r.id}.json`), JSON.stringify(r));
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ name: 'cls', data: { kind: 'mnist' } }));
  const run = { backend: 'cpu', workers: 1, wallSeconds: 4, startedAt: 'a', finishedAt: 'b', versions: {} };
  const summary = summarize(records, { ...run, trialsTotal: 4, name: 'cls' }, { variants: ['spectral', 'direct'] });
  fs.writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary));
  return dir;
}

describe('classification report', () => {
  let dir: string;
  let shifted: string;
  beforeAll(() => {
    dir = writeRun(0);
    shifted = writeRun(0.02);
  });
  afterAll(() => {
    for (const d of [dir, shifted]) fs.rmSync(d, { recursive: true, force: true });
  });

  it('opens with the findings: spectral by eigenvalue against direct by weight norm at half removed', async () => {
    const { sections } = await buildReport(dir);
    expect(sections.map((s) => s.id)).toEqual(['findings', 'classification', 'training', 'setup']);
    const findings = sections[0].blocks[0];
    if (findings.kind !== 'findings') throw new Error('no findings block');
    // spectral 0.84 +- 0.01 by eigenvalue; direct 0.25 +- 0.05 by weight norm (0.6 - 0.3, 0.5 - 0.3)
    expect(findings.items[0]).toEqual({
      topic: 'half-removed',
      verdict: 'holds',
      text: expect.stringContaining('keep 0.84 ± 0.01 test accuracy against 0.25 ± 0.05 for direct'),
    });
    expect(findings.items[1].text).toBe(
      'spectral on mnist: test accuracy 0.89 ± 0.01 over 2 trials; with 50% of its 4 nodes removed: ' +
        'rescaled-eigenvalue 0.84 ± 0.01, weight-norm 0.54 ± 0.01, random 0.6 ± 0.',
    );
  });

  it('draws accuracy against the fraction removed, a line per ranking and variant, and tabulates it', async () => {
    const out = await writeReport(dir);
    const svg = fs.readFileSync(path.join(dir, 'figures', 'accuracy-vs-removed.svg'), 'utf8');
    expect(svg).toContain('aria-roledescription="line mark"');
    expect(svg).toContain('aria-roledescription="rule mark"');
    expect(svg).toContain('fraction of hidden-layer nodes removed');
    const { sections } = await buildReport(dir);
    const figure = sections[1].blocks[0];
    if (figure.kind !== 'figure') throw new Error('no figure');
    const values = (figure.spec as { data: { values: Record<string, unknown>[] } }).data.values;
    // 2 variants x 3 rankings, 3 fractions each; bars of mean +- std clipped to [0, 1]
    expect(new Set(values.map((v) => `${v.variant}/${v.ranking}`)).size).toBe(6);
    expect(values).toHaveLength(18);
    const directHalf = values.find((v) => v.variant === 'direct' && v.ranking === 'weight-norm' && v.fraction === 0.5)!;
    expect(directHalf.mean).toBeCloseTo(0.25, 12);
    expect(directHalf.lo).toBeCloseTo(0.2, 12);
    expect(directHalf.hi).toBeCloseTo(0.3, 12);
    const md = fs.readFileSync(out.markdown, 'utf8');
    expect(md).toContain('| spectral | 4 | rescaled-eigenvalue | 0.89 ± 0.01 | 0.84 ± 0.01 | 0.1 ± 0 |');
    expect(md).toContain('| direct | 4 | 2 | 0 | 0.9 ± 0.01 | 0.92 ± 0.01 | 0.9 ± 0.01 | 0.4 ± 0 |');
    expect(fs.existsSync(path.join(dir, 'tables', 'accuracy-vs-removed.tex'))).toBe(true);
    expect(md).not.toContain('Test MSE against N1');
  });

  it('compares two classification runs: test accuracy and the accuracy at half removed per ranking', () => {
    const comparison = compareRuns([dir, shifted]);
    const spectral = comparison.groups.find((g) => g.variant === 'spectral')!;
    const row = (id: string) => spectral.metrics.find((m) => m.metric === id)!;
    expect(row('testAccuracy').runs[0]!.value).toBeCloseTo(0.89, 12);
    expect(row('testAccuracy').differences[0]!.value).toBeCloseTo(0.02, 12);
    expect(row('accuracyAtHalf-rescaled-eigenvalue').runs[0]!.value).toBeCloseTo(0.84, 12);
    expect(row('accuracyAtHalf-weight-norm').differences[0]!.value).toBeCloseTo(0.02, 12);
    // random stays at 0.6 in both runs
    expect(row('accuracyAtHalf-random').differences[0]!.value).toBeCloseTo(0, 12);
    // a classifier's MSE fields hold its cross-entropy: compared under that name only, and no teacher rows
    expect(spectral.metrics.map((m) => m.metric)).not.toContain('testMse');
    expect(spectral.metrics.map((m) => m.metric)).not.toContain('effectiveSize');
    expect(row('testCrossEntropy').runs[0]!.value).toBeGreaterThan(0);
  });

  it('writes the comparison page of two classification runs with their accuracy sections', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spectral-compare-cls-')), 'comparison');
    const w = await writeComparison([dir, shifted], out);
    const md = fs.readFileSync(w.markdown, 'utf8');
    expect(md).toContain('test accuracy');
    expect(md).toContain('accuracy, 50% removed by weight-norm');
    expect(md).not.toMatch(/test MSE|ΔMSE|path W1/);
  });
});
