// Several `spectral run` processes on one results directory, as on a cluster sharing a file system: shards of a job
// array, plain runs started together, a claimant that stops or dies. Drives the built CLI as real child processes
// and compares every outcome with a single-process run of the same config, number for number.
import * as fs from 'fs';
import * as os from 'os';
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

// 8 units of one trial each on the cpu backend: a few seconds in all, long enough for processes to overlap.
const sweep = tinyConfig({
  data: { train: 400, test: 300, validationSplit: 0.2, seed: 1 },
  training: { epochs: 25 },
  execution: { backend: 'cpu', trialsPerUnit: 1 },
});
const UNITS = 8;

let configFile: string;
let singleDir: string;

beforeAll(async () => {
  ensureBuilt();
  configFile = writeConfig(tempDir('spectral-sweep-cfg-'), sweep);
  singleDir = tempDir('spectral-sweep-single-');
  const r = await waitExit(spawnCli(['run', '--config', configFile, '--out', singleDir, '--workers', '1', '--quiet']));
  expect(r.code).toBe(0);
});

function trialRecords(dir: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of fs
    .readdirSync(path.join(dir, 'trials'))
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, 'trials', name), 'utf8'));
    delete r.wallSeconds;
    out[name] = r;
  }
  return out;
}

function sessionsOf(dir: string): { unitsRun: number }[] {
  return JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')).sessions;
}

function claimFiles(dir: string): string[] {
  const d = path.join(dir, 'claims');
  return fs.existsSync(d) ? fs.readdirSync(d).filter((n) => n.endsWith('.claim') && n !== 'summary.claim') : [];
}

async function until(what: () => boolean, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('shards of a job array', () => {
  it('(a) 3 shards in parallel into one DIR, then merge: the same numbers as a single-process run', async () => {
    const dir = tempDir('spectral-sweep-shards-');
    const shards = [1, 2, 3].map((k) =>
      waitExit(
        spawnCli(['run', '--config', configFile, '--out', dir, '--shard', `${k}/3`, '--workers', '1', '--quiet']),
      ),
    );
    for (const r of await Promise.all(shards)) expect(r.code).toBe(0);
    const merged = await runCli(['merge', dir]);
    expect(merged.code).toBe(0);
    expect(merged.out).toContain(`merged ${UNITS}/${UNITS} units`);
    expect(comparableSummary(dir)).toEqual(comparableSummary(singleDir));
    expect(trialRecords(dir)).toEqual(trialRecords(singleDir));
    // Each shard trained only its own slice: 8 units over 3 shards, each unit once.
    expect(
      sessionsOf(dir)
        .map((s) => s.unitsRun)
        .reduce((a, b) => a + b, 0),
    ).toBe(UNITS);
    // Merging again changes nothing.
    const before = fs.readFileSync(path.join(dir, 'summary.json'), 'utf8');
    expect((await runCli(['merge', dir])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')).toBe(before);
    expect(claimFiles(dir)).toEqual([]);
  });

  it('merge names the missing units, status shows them, and the JOB_COMPLETION_INDEX shard fills them in', async () => {
    const dir = tempDir('spectral-sweep-partial-');
    const first = await waitExit(spawnCli(['run', '--config', configFile, '--out', dir, '--shard', '1/2', '--quiet']));
    expect(first.code).toBe(0);
    const merged = await runCli(['merge', dir]);
    expect(merged.code).toBe(1);
    const status = await runCli(['status', dir, '--json']);
    const report = JSON.parse(status.out);
    expect(report.counts.done + report.counts.missing).toBe(UNITS);
    expect(report.counts.missing).toBeGreaterThan(0);
    const missing = report.units
      .filter((u: { state: string }) => u.state === 'missing')
      .map((u: { unit: string }) => u.unit);
    expect(merged.out).toContain(
      `missing units (rerun spectral run on this directory to train them): ${missing.join(', ')}`,
    );
    // The environment of a Kubernetes Indexed Job's second pod.
    const args = ['run', '--config', configFile, '--out', dir, '--shard', 'auto', '--shard-count', '2', '--quiet'];
    const k8s = await waitExit(spawnCli(args, { JOB_COMPLETION_INDEX: '1' }));
    expect(k8s.code).toBe(0);
    const withReport = await runCli(['merge', dir, '--report']);
    expect(withReport.code).toBe(0);
    expect(withReport.out).toContain(`report written: ${path.join(dir, 'report.html')}`);
    expect(comparableSummary(dir)).toEqual(comparableSummary(singleDir));
  });
});

describe('several plain runs on one directory', () => {
  it('(b) two runs at once: each unit trained exactly once, both exit 0, the same summary', async () => {
    const dir = tempDir('spectral-sweep-two-');
    const runs = [0, 1].map(() =>
      waitExit(spawnCli(['run', '--config', configFile, '--out', dir, '--workers', '1', '--quiet'])),
    );
    const results = await Promise.all(runs);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const sessions = sessionsOf(dir);
    expect(sessions).toHaveLength(2);
    expect(sessions.map((s) => s.unitsRun).reduce((a, b) => a + b, 0)).toBe(UNITS);
    expect(comparableSummary(dir)).toEqual(comparableSummary(singleDir));
    expect(trialRecords(dir)).toEqual(trialRecords(singleDir));
    expect(claimFiles(dir)).toEqual([]);
  });

  it("(c) a stopped claimant's unit is retaken after its claim timeout; a killed one's at once", async () => {
    const dir = tempDir('spectral-sweep-stale-');
    const a = spawnCli([
      'run',
      '--config',
      configFile,
      '--out',
      dir,
      '--workers',
      '1',
      '--quiet',
      '--claim-timeout',
      '2',
    ]);
    const aExit = waitExit(a);
    await until(() => claimFiles(dir).length > 0);
    a.kill('SIGSTOP'); // alive but silent: its heartbeat stops with it
    const held = claimFiles(dir)[0].replace(/\.claim$/, '');
    const status = await runCli(['status', dir]);
    expect(status.out).toMatch(
      new RegExp(`claimed  ${held}  by ${os.hostname()} pid ${a.pid}, heartbeat [0-9.]+ s ago`),
    );
    const started = Date.now();
    const b = await waitExit(spawnCli(['run', '--config', configFile, '--out', dir, '--workers', '1']));
    const waited = Date.now() - started;
    expect(b.code).toBe(0);
    expect(b.err.replace(/\s+/g, ' ')).toContain(
      `1 unit(s) are being trained by other processes; waiting for them (spectral status ${dir}`,
    );
    expect(waited).toBeGreaterThan(2000); // it waited for the claim to go stale before retaking it
    a.kill('SIGKILL');
    expect((await aExit).signal).toBe('SIGKILL');
    expect(fs.existsSync(path.join(dir, 'trials', `${held}.json`))).toBe(true);
    expect(comparableSummary(dir)).toEqual(comparableSummary(singleDir));

    // kill -9 on this host: the claimant's process is gone, so its claim is retaken without waiting the timeout.
    const dir2 = tempDir('spectral-sweep-killed-');
    const c = spawnCli([
      'run',
      '--config',
      configFile,
      '--out',
      dir2,
      '--workers',
      '1',
      '--quiet',
      '--claim-timeout',
      '600',
    ]);
    const cExit = waitExit(c);
    await until(() => claimFiles(dir2).length > 0);
    c.kill('SIGKILL');
    await cExit;
    const t0 = Date.now();
    const d = await waitExit(spawnCli(['run', '--config', configFile, '--out', dir2, '--workers', '1', '--quiet']));
    expect(d.code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(120_000);
    expect(comparableSummary(dir2)).toEqual(comparableSummary(singleDir));
  });
});
