// Nothing is lost: a run killed with SIGKILL mid-sweep resumes to the same summary as an uninterrupted run, a partly
// written unit is redone whole, and exit codes say whether trials failed. Drives the built CLI as a child process.
import * as fs from 'fs';
import * as path from 'path';
import {
  comparableSummary,
  ensureBuilt,
  runCli,
  spawnCli,
  tempDir,
  tinyConfig,
  waitExit,
  writeConfig,
} from './helpers';

// 12 units of one trial each on the cpu backend: long enough (a few seconds) to kill in the middle.
const sweep = tinyConfig({
  data: { train: 600, test: 400, validationSplit: 0.2, seed: 1 },
  students: { hidden: [6, 12, 24], variants: ['spectral', 'direct'] },
  training: { epochs: 40 },
  trials: 2,
});

let configFile: string;
let cleanDir: string;

beforeAll(async () => {
  ensureBuilt();
  const dir = tempDir('spectral-resume-cfg-');
  configFile = writeConfig(dir, sweep);
  cleanDir = tempDir('spectral-clean-');
  const r = await waitExit(spawnCli(['run', '--config', configFile, '--out', cleanDir, '--workers', '1', '--quiet']));
  expect(r.code).toBe(0);
});

function trialFiles(dir: string): string[] {
  const t = path.join(dir, 'trials');
  return fs.existsSync(t) ? fs.readdirSync(t).filter((n) => n.endsWith('.json') && !n.startsWith('.')) : [];
}

async function killAfter(dir: string, minTrials: number, args: string[]): Promise<number> {
  const child = spawnCli(['run', '--config', configFile, '--out', dir, '--quiet', ...args]);
  const exited = waitExit(child);
  for (;;) {
    const n = trialFiles(dir).length;
    if (n >= minTrials || child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  const r = await exited;
  return r.signal === 'SIGKILL' ? trialFiles(dir).length : -1;
}

describe('resume after kill -9', () => {
  it('a clean run records every trial and a complete summary', () => {
    const s = JSON.parse(fs.readFileSync(path.join(cleanDir, 'summary.json'), 'utf8'));
    expect(s.trialsTotal).toBe(12);
    expect(s.trialsFinished).toBe(12);
    expect(s.complete).toBe(true);
    expect(s.backend).toBe('cpu');
    expect(s.workers).toBe(1);
    expect(s.wallSeconds).toBeGreaterThan(0);
    expect(s.groups).toHaveLength(6);
  });

  it('resumes a killed run (plain rerun) to the same summary as the clean run', async () => {
    const dir = tempDir('spectral-killed-');
    const before = await killAfter(dir, 3, ['--workers', '1']);
    expect(before).toBeGreaterThanOrEqual(3);
    expect(before).toBeLessThan(12); // really interrupted
    const r = await waitExit(spawnCli(['run', '--config', configFile, '--out', dir, '--workers', '1', '--quiet']));
    expect(r.code).toBe(0);
    expect(comparableSummary(dir)).toEqual(comparableSummary(cleanDir));
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(s.sessions).toHaveLength(2);
    // The second session ran only the units the first had not finished.
    expect(s.sessions[1].unitsRun).toBe(12 - before);
    // Trial records match the clean run's exactly, apart from timings.
    for (const name of trialFiles(cleanDir)) {
      const a = JSON.parse(fs.readFileSync(path.join(cleanDir, 'trials', name), 'utf8'));
      const b = JSON.parse(fs.readFileSync(path.join(dir, 'trials', name), 'utf8'));
      delete a.wallSeconds;
      delete b.wallSeconds;
      expect(b).toEqual(a);
    }
  });

  it('resumes a run killed while two worker threads were busy, with --resume and no config', async () => {
    const dir = tempDir('spectral-killed2-');
    const before = await killAfter(dir, 5, ['--workers', '2']);
    expect(before).toBeGreaterThanOrEqual(5);
    const r = await waitExit(spawnCli(['run', '--out', dir, '--resume', '--workers', '2', '--quiet']));
    expect(r.code).toBe(0);
    expect(comparableSummary(dir)).toEqual(comparableSummary(cleanDir));
  });
});

describe('units are redone whole', () => {
  it('recomputes a unit of which only some trial records exist, to the same numbers', async () => {
    const cfg = tinyConfig({ execution: { backend: 'cpu', trialsPerUnit: 2 } });
    const file = writeConfig(tempDir(), cfg);
    const dir = tempDir('spectral-partial-');
    expect((await runCli(['run', '--config', file, '--out', dir, '--quiet'])).code).toBe(0);
    const reference = comparableSummary(dir);
    // As if the run died between the two trial writes of unit t0-direct-n12-trials0-1.
    fs.rmSync(path.join(dir, 'trials', 't0-direct-n12-trial1.json'));
    const keptRecord = fs.readFileSync(path.join(dir, 'trials', 't0-direct-n12-trial0.json'), 'utf8');
    // A leftover temporary file of an interrupted write is ignored and cleaned up.
    fs.writeFileSync(path.join(dir, 'trials', '.t0-direct-n12-trial1.json.999.1.tmp'), '{"trunc');
    expect((await runCli(['run', '--config', file, '--out', dir, '--quiet'])).code).toBe(0);
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(s.sessions[1].unitsRun).toBe(1);
    expect(comparableSummary(dir)).toEqual(reference);
    const redone = JSON.parse(fs.readFileSync(path.join(dir, 'trials', 't0-direct-n12-trial0.json'), 'utf8'));
    const old = JSON.parse(keptRecord);
    delete redone.wallSeconds;
    delete old.wallSeconds;
    expect(redone).toEqual(old);
    expect(fs.readdirSync(path.join(dir, 'trials')).some((n) => n.endsWith('.tmp'))).toBe(false);
  });
});

describe('exit codes', () => {
  it('exits 1 when trials diverge, records them as failed with the reason, and leaves them out of the statistics', async () => {
    const cfg = tinyConfig({
      students: { hidden: [5], variants: ['spectral', 'direct'] },
      training: { epochs: 3, variants: { spectral: { learningRate: 1000 } } },
    });
    const dir = tempDir('spectral-diverge-');
    const r = await runCli(['run', '--config', writeConfig(tempDir(), cfg), '--out', dir, '--quiet']);
    expect(r.code).toBe(1);
    const s = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(s.trialsFailed).toBe(2);
    const spectral = s.groups.find((g: { variant: string }) => g.variant === 'spectral');
    const direct = s.groups.find((g: { variant: string }) => g.variant === 'direct');
    expect(spectral.failed).toBe(2);
    expect(spectral.failures[0].reason).toMatch(/^diverged: .*(loss became (Infinity|NaN)|times the label variance)/);
    expect(spectral.testMse.n).toBe(0);
    expect(direct.failed).toBe(0);
    expect(direct.testMse.n).toBe(2);
    const record = JSON.parse(fs.readFileSync(path.join(dir, 'trials', 't0-spectral-n5-trial0.json'), 'utf8'));
    expect(record.status).toBe('diverged');
    // A rerun does not retry a diverged trial (it is finished: the same seeds diverge again).
    expect((await runCli(['run', '--config', writeConfig(tempDir(), cfg), '--out', dir, '--quiet'])).code).toBe(1);
  });

  it('exits 0 when every trial finished, and writes the CSV tables', async () => {
    const dir = tempDir('spectral-ok-');
    const r = await runCli([
      'run',
      '--config',
      writeConfig(tempDir(), tinyConfig({ trials: 1 })),
      '--out',
      dir,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('start');
    expect(lines.some((l) => l.type === 'epoch')).toBe(true);
    expect(lines[lines.length - 1]).toMatchObject({ type: 'done', exitCode: 0, trialsFinished: 4, trialsFailed: 0 });
    const groups = fs.readFileSync(path.join(dir, 'groups.csv'), 'utf8').trim().split('\n');
    expect(groups).toHaveLength(5);
    expect(fs.readFileSync(path.join(dir, 'trials.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    expect(fs.readFileSync(path.join(dir, 'curves.csv'), 'utf8')).toMatch(
      /^teacher_index,teacher_size,variant,hidden,curve,x,kept/,
    );
  });
});
