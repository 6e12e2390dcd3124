import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  curvesCsv,
  groupsCsv,
  readResults,
  readTrialRecords,
  resultsPaths,
  summarize,
  trialsCsv,
  writeCsvFiles,
  writeJsonAtomic,
} from '../src';
import type { OkTrialRecord } from '../src';
import { failedRecord, record } from './fixtures';

function parseCsv(text: string): string[][] {
  // Enough of RFC 4180 for these tests: quoted fields with commas and doubled quotes.
  return text
    .trimEnd()
    .split('\n')
    .map((line) => {
      const out: string[] = [];
      let cur = '';
      let quoted = false;
      for (let i = 0; i < line.length; i++) {
        const c = line[i];
        if (quoted) {
          if (c === '"' && line[i + 1] === '"') {
            cur += '"';
            i++;
          } else if (c === '"') quoted = false;
          else cur += c;
        } else if (c === '"') quoted = true;
        else if (c === ',') {
          out.push(cur);
          cur = '';
        } else cur += c;
      }
      out.push(cur);
      return out;
    });
}

function makeDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'results-read-'));
  const paths = resultsPaths(dir);
  writeJsonAtomic(paths.config, { trials: 2 });
  writeJsonAtomic(paths.trial('t0-spectral-n4-trial0'), record({ trial: 0 }));
  writeJsonAtomic(paths.trial('t0-spectral-n4-trial1'), failedRecord({ trial: 1, reason: 'diverged, "loss" NaN' }));
  return dir;
}

const run = {
  backend: 'cpu',
  workers: 1,
  wallSeconds: 1,
  startedAt: 'a',
  finishedAt: 'b',
  versions: {},
  trialsTotal: 2,
};

describe('readResults', () => {
  it('loads config, trials and summary', () => {
    const dir = makeDir();
    const trials = readTrialRecords(dir).records;
    writeJsonAtomic(resultsPaths(dir).summary, summarize(trials, run));
    const loaded = readResults(dir, { requireSummary: true });
    expect(loaded.config).toEqual({ trials: 2 });
    expect(loaded.trials.map((t) => t.id)).toEqual(['t0-spectral-n4-trial0', 't0-spectral-n4-trial1']);
    expect(loaded.summary!.groups[0].failed).toBe(1);
  });

  it('names the directory, file and field when something is wrong', () => {
    expect(() => readResults('/nonexistent/dir')).toThrow(
      /results\/readResults: .*nonexistent\/dir is not a directory/,
    );
    const dir = makeDir();
    expect(() => readResults(dir, { requireSummary: true })).toThrow(/summary.json is missing/);
    const bad = resultsPaths(dir).trial('t0-spectral-n4-trial2');
    fs.writeFileSync(bad, '{"schemaVersion": 1, "id": "t0-spectral-n4-trial2"');
    expect(() => readResults(dir)).toThrow(/trial2.json is not valid JSON/);
    fs.writeFileSync(bad, JSON.stringify({ ...record({ trial: 2 }), testMse: 'low' }));
    expect(() => readResults(dir)).toThrow(/field 'testMse' should be a finite number, got "low"/);
    fs.writeFileSync(bad, JSON.stringify(record({ trial: 3 })));
    expect(() => readResults(dir)).toThrow(/holds trial 't0-spectral-n4-trial3'/);
    // A resumed run collects bad files instead, to recompute them.
    const scan = readTrialRecords(dir, { invalid: 'collect' });
    expect(scan.records).toHaveLength(2);
    expect(scan.invalid).toHaveLength(1);
  });

  it('reads schema-1 records (-1 for "not measured") as schema 2 (null), so older directories still resume', () => {
    const dir = makeDir();
    const paths = resultsPaths(dir);
    const { status: _s, reason: _r, ...base } = failedRecord({ trial: 1 });
    writeJsonAtomic(paths.trial('t0-spectral-n4-trial1'), {
      ...base,
      schemaVersion: 1,
      status: 'failed',
      reason: 'diverged',
      trainMse: -1,
      validationMse: -1,
      testMse: -1,
      averageDimensionPerTrial: 0,
    });
    const schema1Ok = { ...record({ trial: 0 }), schemaVersion: 1, validationMse: -1 };
    writeJsonAtomic(paths.trial('t0-spectral-n4-trial0'), schema1Ok);
    const [ok, failed] = readTrialRecords(dir).records;
    expect(ok).toMatchObject({ schemaVersion: 2, status: 'ok', validationMse: null, testMse: 0.3 });
    expect(failed).toMatchObject({ schemaVersion: 2, status: 'failed', trainMse: null, testMse: null });
    expect(failed.validationMse).toBeNull();
    expect(failed.averageDimensionPerTrial).toBeNull();
    // the group statistics leave the unmeasured validation MSE out instead of averaging a -1 in
    expect(summarize([ok, failed], run).groups[0].validationMse).toEqual({ mean: 0, std: 0, n: 0 });
  });

  it('refuses a failed record of schema 2 that holds numbers, and a schema it does not know', () => {
    const dir = makeDir();
    const file = resultsPaths(dir).trial('t0-spectral-n4-trial1');
    writeJsonAtomic(file, { ...failedRecord({ trial: 1 }), testMse: -1 });
    expect(() => readTrialRecords(dir)).toThrow(
      /field 'testMse' should be null \(a failed trial measured nothing\), got -1/,
    );
    writeJsonAtomic(file, { ...failedRecord({ trial: 1 }), reason: undefined });
    expect(() => readTrialRecords(dir)).toThrow(/field 'reason' should be a string saying why the trial failed/);
    writeJsonAtomic(file, { ...failedRecord({ trial: 1 }), schemaVersion: 3 });
    expect(() => readTrialRecords(dir)).toThrow(/field 'schemaVersion' should be 1 or 2, got 3/);
  });

  it('ignores temporary files of interrupted writes', () => {
    const dir = makeDir();
    fs.writeFileSync(path.join(resultsPaths(dir).trialsDir, '.t0-spectral-n4-trial5.json.99.1.tmp'), '{"half');
    expect(readTrialRecords(dir).records).toHaveLength(2);
  });
});

describe('CSV export', () => {
  it('writes one row per group, trial and curve point, with quoting and empty metrics for failed trials', () => {
    const dir = makeDir();
    const trials = readTrialRecords(dir).records;
    const okTrial = trials[0] as OkTrialRecord;
    okTrial.pruning = {
      ranking: 'rescaled-eigenvalue',
      msePre: 0.01,
      effectiveSize: 3,
      tolerance: 0.02,
      rankCurve: [
        { kept: 4, testMse: 1, deltaMse: 0 },
        { kept: 3, testMse: 1, deltaMse: 0.01 },
      ],
      cutoffCurve: [{ kept: 4, testMse: 1, deltaMse: 0, cutoff: 0 }],
    };
    const fullView: NonNullable<OkTrialRecord['topologyFull']> = {
      view: 'full',
      activeNodes: [10, 4, 20, 1],
      inStrength: [0.1],
      pathDistance: { wasserstein1: 0.25, ks: 0.45 },
      strengthDistance: { wasserstein1: 0.5, ks: 0.125 },
      paths: {
        count: 800,
        sampled: false,
        sortedOnGrid: [-1, 0, 1],
        quantiles: { q01: -1, q05: -1, q25: 0, q50: 0, q75: 0, q95: 1, q99: 1 },
      },
    };
    okTrial.topologyFull = fullView;
    const summary = summarize(trials, run);
    const groups = parseCsv(groupsCsv(summary));
    expect(groups).toHaveLength(2);
    const gHeader = groups[0];
    const g = Object.fromEntries(gHeader.map((h, i) => [h, groups[1][i]]));
    expect(g.teacher_hidden).toBe('20;20');
    expect(g.failed).toBe('1');
    expect(Number(g.test_mse_mean)).toBeCloseTo(0.3, 12);
    expect(g.effective_size_mean).toBe('3');
    // the group's one ok trial recorded an unpruned view (the failed trial is left out of the statistics)
    expect(g.full_path_ks_mean).toBe('0.45');
    expect(g.full_path_ks_std).toBe('0');
    delete okTrial.topologyFull;
    const without = parseCsv(groupsCsv(summarize(trials, run)));
    expect(Object.fromEntries(without[0].map((h, i) => [h, without[1][i]])).full_path_ks_mean).toBe('');
    okTrial.topologyFull = fullView;

    const rows = parseCsv(trialsCsv(trials));
    expect(rows).toHaveLength(3);
    const t1 = Object.fromEntries(rows[0].map((h, i) => [h, rows[2][i]]));
    expect(t1.status).toBe('failed');
    expect(t1.reason).toBe('diverged, "loss" NaN');
    expect(t1.test_mse).toBe('');
    const withFull = rows
      .slice(1)
      .map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])))
      .find((r) => r.id === trials[0].id)!;
    expect(withFull.full_path_ks).toBe('0.45');
    expect(withFull.full_strength_ks).toBe('0.125');

    const curves = parseCsv(curvesCsv(summary));
    expect(curves.slice(1).map((r) => `${r[4]}:${r[5]}:${r[6]}`)).toEqual(['rank:-17:3', 'rank:-16:4', 'cutoff:-16:4']);

    writeCsvFiles(dir, summary, trials);
    expect(fs.readFileSync(resultsPaths(dir).groupsCsv, 'utf8')).toBe(groupsCsv(summary));
  });
});
