// Grid sweeps over config keys: the example's 2 x 2 grid (training.learningRate x data.train) trained for real on a
// tiny config, each point as its own groups with its values in the records, the summary and the CSVs; a resume
// trains nothing, two shards cover the grid, and bad sweep paths or values are exit 2 before anything is written.
import * as fs from 'fs';
import * as path from 'path';
import { parseConfig, planUnits, resolveConfig } from '../src';
import { sweepPoints } from '../src/config/sweep';
import { CLI_ROOT, runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const EXAMPLE = path.join(CLI_ROOT, 'examples', 'learning-rate-grid.yaml');
const GRID = [
  { id: 'p0', values: { 'training.learningRate': 0.005, 'data.train': 300 } },
  { id: 'p1', values: { 'training.learningRate': 0.005, 'data.train': 600 } },
  { id: 'p2', values: { 'training.learningRate': 0.02, 'data.train': 300 } },
  { id: 'p3', values: { 'training.learningRate': 0.02, 'data.train': 600 } },
];

const readJson = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
const trialFiles = (dir: string) =>
  fs
    .readdirSync(path.join(dir, 'trials'))
    .filter((n) => n.endsWith('.json'))
    .sort();
const csvRows = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));

let dir: string;

beforeAll(async () => {
  dir = tempDir('spectral-grid-');
  const r = await runCli(['run', '--config', EXAMPLE, '--out', dir, '--workers', '1', '--quiet']);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
});

describe('grid sweeps', () => {
  it('expand to the Cartesian product in key order, the last key fastest, with stable point ids', () => {
    expect(sweepPoints({ 'training.learningRate': [0.005, 0.02], 'data.train': [300, 600] })).toEqual(GRID);
    const config = resolveConfig(parseConfig(tinyConfig({ sweep: { trials: [1, 3] } }), 'test'), 'cpu', 'test', []);
    const units = planUnits(config);
    // 2 teachers-x-sizes-x-variants groups of 1 trial at p0, of 3 at p1: ids end in the point.
    expect(units.filter((u) => u.point?.id === 'p0').flatMap((u) => u.trialIds)).toHaveLength(4);
    expect(units.filter((u) => u.point?.id === 'p1').flatMap((u) => u.trialIds)).toHaveLength(12);
    expect(units[0].id).toBe('t0-spectral-n6-trial0-p0');
    expect(planUnits(config)).toEqual(units);
  });

  it('train every point as its own groups, its values in the records and the summary', () => {
    const summary = readJson(path.join(dir, 'summary.json'));
    expect(summary.sweep.keys).toEqual(['training.learningRate', 'data.train']);
    expect(summary.sweep.points.map((p: { id: string; values: unknown }) => ({ id: p.id, values: p.values }))).toEqual(
      GRID,
    );
    expect(summary.trialsTotal).toBe(8);
    expect(summary.complete).toBe(true);
    expect(summary.groups.map((g: { point: string; sweep: unknown }) => ({ id: g.point, values: g.sweep }))).toEqual(
      GRID,
    );
    for (const g of summary.groups) expect(g.testMse.n).toBe(2);
    expect(trialFiles(dir)).toHaveLength(8);
    for (const p of GRID) {
      const record = readJson(path.join(dir, 'trials', `t0-spectral-n12-trial1-${p.id}.json`));
      expect(record).toMatchObject({ point: p.id, sweep: p.values, trial: 1 });
      // The swept learning rate is the one the student trained with.
      expect(record.strategy.learningRate).toBe(p.values['training.learningRate']);
    }
    // Same seeds at every point: the points differ only in the swept settings, so doubling the data changes the MSE.
    const [p0, p1] = summary.groups;
    expect(p0.testMse.mean).not.toBe(p1.testMse.mean);
    const seeds = GRID.map((p) => readJson(path.join(dir, 'trials', `t0-spectral-n12-trial0-${p.id}.json`)).seed);
    expect(new Set(seeds).size).toBe(1);
  });

  it('write one CSV column per swept key, with each row its point and values', () => {
    const groups = csvRows(path.join(dir, 'groups.csv'));
    expect(groups[0].slice(0, 4)).toEqual(['point', 'training.learningRate', 'data.train', 'teacher_index']);
    expect(groups.slice(1).map((r) => r.slice(0, 3))).toEqual(
      GRID.map((p) => [p.id, ...Object.values(p.values).map(String)]),
    );
    const trials = csvRows(path.join(dir, 'trials.csv'));
    expect(trials[0].slice(0, 4)).toEqual(['id', 'point', 'training.learningRate', 'data.train']);
    expect(trials).toHaveLength(9);
    expect(trials.find((r) => r[0] === 't0-spectral-n12-trial0-p3')!.slice(1, 4)).toEqual(['p3', '0.02', '600']);
    expect(csvRows(path.join(dir, 'curves.csv'))[0].slice(0, 3)).toEqual([
      'point',
      'training.learningRate',
      'data.train',
    ]);
  });

  it('report every point in a section of its own: a figure coloured by point and a table per point', async () => {
    const r = await runCli(['report', dir]);
    expect(r.code).toBe(0);
    const md = fs.readFileSync(path.join(dir, 'report.md'), 'utf8');
    expect(md).toMatch(/## 1\. Grid sweep over training\.learningRate, data\.train/);
    for (const p of GRID) {
      const title = `**${p.id}: training.learningRate = ${p.values['training.learningRate']}, data.train = ${p.values['data.train']}**`;
      expect(md).toContain(title);
    }
    expect(fs.readFileSync(path.join(dir, 'figures', 'sweep-test-mse.svg'), 'utf8')).toContain(
      'p3: training.learningRate = 0.02',
    );
  });

  it('resume without training anything new, from the config or from the directory alone', async () => {
    const before = trialFiles(dir).map((n) => fs.statSync(path.join(dir, 'trials', n)).mtimeMs);
    expect((await runCli(['run', '--config', EXAMPLE, '--out', dir, '--resume', '--quiet'])).code).toBe(0);
    expect((await runCli(['run', '--out', dir, '--resume', '--quiet'])).code).toBe(0);
    const sessions = readJson(path.join(dir, 'summary.json')).sessions;
    expect(sessions.map((s: { unitsRun: number }) => s.unitsRun)).toEqual([8, 0, 0]);
    expect(trialFiles(dir).map((n) => fs.statSync(path.join(dir, 'trials', n)).mtimeMs)).toEqual(before);
  });

  it('split across shards like any units, to the same groups as one process', async () => {
    const sharded = tempDir('spectral-grid-shards-');
    for (const shard of ['1/2', '2/2']) {
      const r = await runCli([
        'run',
        '--config',
        EXAMPLE,
        '--out',
        sharded,
        '--shard',
        shard,
        '--workers',
        '1',
        '--quiet',
      ]);
      expect(r.code).toBe(0);
    }
    const strip = (d: string) => readJson(path.join(d, 'summary.json')).groups;
    expect(strip(sharded)).toEqual(strip(dir));
  });

  it('refuse an unknown path, an unsweepable one and a value the schema refuses with exit 2, writing nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { 'training.learningrate': [0.01] },
        /sweep\['training\.learningrate'\] is not a config key .*known keys in training: epochs, engine, learningRate/,
      ],
      [
        { 'training.learningRate': [0.01, 'fast'] },
        /sweep point p1 \(training\.learningRate = "fast"\): training\.learningRate must be a finite number/,
      ],
      [
        { 'data.train': [300, -5] },
        /sweep point p1 .*data\.train must be > 0, got -5.*fix or remove -5 in sweep\['data\.train'\]/,
      ],
      [
        { 'execution.backend': ['cpu', 'wasm'] },
        /sweep\['execution\.backend'\] cannot be swept \(a run uses one backend/,
      ],
      [{ 'students.variants': [['spectral'], ['nope']] }, /sweep point p1 .*students\.variants\[0\] is invalid/],
      [{ 'training.epochs': [4, 4] }, /sweep\['training\.epochs'\] lists 4 more than once/],
      [{ 'training.epochs': [] }, /sweep\.training\.epochs must list at least 1 entry/],
      // each point is held to the run limits (3000 GB of history is over any machine)
      [
        { 'training.epochs': [4, 1e10] },
        /at sweep point p1 \{"training\.epochs":10000000000\}, training\.epochs: the run needs about/,
      ],
    ];
    for (const [sweep, message] of cases) {
      const out = path.join(tempDir('spectral-grid-bad-'), 'out');
      const config = writeConfig(tempDir('spectral-grid-cfg-'), tinyConfig({ sweep }));
      const r = await runCli(['run', '--config', config, '--out', out, '--quiet']);
      expect({ code: r.code, sweep }).toEqual({ code: 2, sweep });
      expect(r.err.replace(/\s+/g, ' ')).toMatch(message);
      expect(fs.existsSync(out)).toBe(false);
    }
  });
});
