// Spectral students record their topology in two views: pruned (`topology`, method spec §5.4) and unpruned
// (`topologyFull`); direct students record the full view once. Groups average both views, and a directory whose
// records predate `topologyFull` still resumes and aggregates.
import * as fs from 'fs';
import * as path from 'path';
import type { OkTrialRecord, Summary } from '@spectral-ts/results';
import { runCli, tempDir, tinyConfig, writeConfig } from './helpers';

const N1 = 40;
const IDS = {
  spectral: [0, 1].map((t) => `t0-spectral-n${N1}-trial${t}`),
  direct: [0, 1].map((t) => `t0-direct-n${N1}-trial${t}`),
};
let dir: string;
const read = <T>(d: string, rel: string): T => JSON.parse(fs.readFileSync(path.join(d, rel), 'utf8')) as T;
const trial = (d: string, id: string): OkTrialRecord => read<OkTrialRecord>(d, `trials/${id}.json`);

beforeAll(async () => {
  dir = tempDir('spectral-views-');
  // A stronger eigenvalue penalty and a larger learning rate than the paper's switch nodes off within 300 epochs of a
  // tiny data set (measured: 24 and 25 of 40 nodes survive the 0.05 score cutoff), so the two views really differ.
  const config = tinyConfig({
    students: { hidden: [N1], variants: ['spectral', 'direct'] },
    data: { train: 1000, test: 300, validationSplit: 0.2, seed: 1 },
    training: { epochs: 300, variants: { spectral: { learningRate: 0.02, l2: { lambdaOut: 0.01 } } } },
    trials: 2,
  });
  const r = await runCli(['run', '--config', writeConfig(tempDir(), config), '--out', dir, '--quiet']);
  expect(r.code).toBe(0);
}, 60_000);

describe('topology views of the trial records', () => {
  it('spectral trials carry the pruned view and the unpruned one; they differ', () => {
    for (const id of IDS.spectral) {
      const r = trial(dir, id);
      expect(r.topology!.view).toBe('pruned');
      expect(r.topologyFull!.view).toBe('full');
      expect(r.pruning!.ranking).toBe('rescaled-eigenvalue');
      // activeNodes: inputs, first hidden, second hidden, output; the full view keeps all N1 first-layer nodes
      expect(r.topologyFull!.activeNodes).toEqual([10, N1, 20, 1]);
      const kept = r.topology!.activeNodes[1];
      expect(kept).toBeLessThan(N1);
      expect(kept).toBe(r.scores.filter((s) => s / Math.max(...r.scores) > 0.05).length);
      // every input -> first hidden -> second hidden path, exactly: 10 * N1 * 20 unpruned, 10 * kept * 20 pruned
      expect(r.topologyFull!.paths.count).toBe(10 * N1 * 20);
      expect(r.topology!.paths.count).toBe(10 * kept * 20);
      expect(r.topologyFull!.pathDistance.ks).not.toBeCloseTo(r.topology!.pathDistance.ks, 3);
      // the switched-off nodes add near-zero paths that the teacher does not have: unpruned is farther from it
      expect(r.topologyFull!.pathDistance.ks).toBeGreaterThan(r.topology!.pathDistance.ks);
      expect(r.topologyFull!.inStrength).toHaveLength(N1);
      expect(r.topology!.inStrength).toHaveLength(kept);
    }
  });

  it('direct trials record the full view once', () => {
    for (const id of IDS.direct) {
      const r = trial(dir, id);
      expect(r.topology!.view).toBe('full');
      expect(r.topologyFull).toBeUndefined();
      // the strategy declares the weight norm for direct students (the same numbers as L_i on their spectral layer)
      expect(r.pruning!.ranking).toBe('weight-norm');
    }
  });

  it('summary groups average the unpruned view (spectral) and have none for direct', () => {
    const summary = read<Summary>(dir, 'summary.json');
    const spectral = summary.groups.find((g) => g.variant === 'spectral')!;
    const direct = summary.groups.find((g) => g.variant === 'direct')!;
    const ks = IDS.spectral.map((id) => trial(dir, id).topologyFull!.pathDistance.ks);
    expect(spectral.topologyFull!.pathDistance.ks.mean).toBeCloseTo((ks[0] + ks[1]) / 2, 12);
    expect(spectral.topologyFull!.pathDistance.ks.n).toBe(2);
    expect(spectral.topologyFull!.pathDistance.ks.mean).not.toBeCloseTo(spectral.topology!.pathDistance.ks.mean, 3);
    expect(direct.topology).toBeDefined();
    expect(direct.topologyFull).toBeUndefined();
    const csv = fs
      .readFileSync(path.join(dir, 'groups.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const column = csv[0].indexOf('full_path_ks_mean');
    const row = csv.find((r) => r[csv[0].indexOf('variant')] === 'spectral')!;
    expect(Number(row[column])).toBeCloseTo(spectral.topologyFull!.pathDistance.ks.mean, 10);
  });

  it('a directory whose records predate topologyFull resumes and aggregates without it', async () => {
    const old = tempDir('spectral-views-old-');
    fs.cpSync(dir, old, { recursive: true });
    for (const id of IDS.spectral) {
      const r = trial(old, id);
      delete r.topologyFull;
      fs.writeFileSync(path.join(old, 'trials', `${id}.json`), JSON.stringify(r));
    }
    fs.rmSync(path.join(old, 'summary.json'));
    const r = await runCli(['run', '--out', old, '--resume', '--quiet']);
    expect(r.code).toBe(0);
    const summary = read<Summary>(old, 'summary.json');
    const spectral = summary.groups.find((g) => g.variant === 'spectral')!;
    expect(summary.complete).toBe(true);
    expect(spectral.topology!.pathDistance.ks.mean).toBeCloseTo(
      read<Summary>(dir, 'summary.json').groups.find((g) => g.variant === 'spectral')!.topology!.pathDistance.ks.mean,
      12,
    );
    expect(spectral.topologyFull).toBeUndefined();
    // nothing was retrained: the records on disk are the old ones
    expect(trial(old, IDS.spectral[0]).topologyFull).toBeUndefined();
  });
});
