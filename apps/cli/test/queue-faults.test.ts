// The Redis queue survives its faults: a coordinator and three workers on a real redis-server (password set), one
// worker killed with -9 in the middle of a unit (its unit is retried by another worker once its lock expires), then
// the coordinator killed with -9 and started again with the same command: the summary equals a single-process run's,
// every unit is trained exactly once, and the password appears in no file and no log.
import * as fs from 'fs';
import * as path from 'path';
import { Queue } from 'bullmq';
import { comparableSummary, ensureBuilt, spawnCli, tempDir, tinyConfig, waitExit, writeConfig } from './helpers';
import { CliProcess, describeWithRedis, startRedis, type RedisServer } from './redis-server';

// 8 units of one trial each, about a second each on the cpu backend: long enough to kill a worker inside one.
const sweep = tinyConfig({
  data: { train: 1500, test: 400, validationSplit: 0.2, seed: 1 },
  students: { hidden: [6, 12], variants: ['spectral', 'direct'] },
  training: { epochs: 3000 },
  trials: 2,
});
const UNITS = 8;
const PASSWORD = 'queue-test-secret-7f3a';
// Short locks so that a dead worker's unit is retaken within seconds (the defaults are 30 s).
const WORKER_FLAGS = ['--lock-ms', '2000', '--stalled-ms', '1000'];

function trialFiles(dir: string): string[] {
  const t = path.join(dir, 'trials');
  return fs.existsSync(t) ? fs.readdirSync(t).filter((n) => n.endsWith('.json') && !n.startsWith('.')) : [];
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : [p];
  });
}

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describeWithRedis('queue: coordinator and workers killed with -9', () => {
  let redis: RedisServer;
  let configFile: string;
  let referenceDir: string;
  const workers: CliProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    redis = await startRedis(PASSWORD);
    configFile = writeConfig(tempDir('spectral-queue-cfg-'), sweep);
    referenceDir = tempDir('spectral-queue-ref-');
    const r = await waitExit(
      spawnCli(['run', '--config', configFile, '--out', referenceDir, '--workers', '1', '--quiet']),
    );
    expect(r.code).toBe(0);
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await redis?.stop();
  });

  it('resumes to the single-process summary with every unit trained exactly once', async () => {
    const dir = tempDir('spectral-queue-out-');
    const runArgs = ['run', '--config', configFile, '--out', dir, '--queue', redis.url];
    const first = new CliProcess(runArgs);
    // Worker 0 is listening before the others start, so that it takes the first unit.
    workers.push(new CliProcess(['worker', '--queue', redis.url, ...WORKER_FLAGS]));
    await workers[0].waitFor(/taking units from/);
    for (let i = 1; i < 3; i++) workers.push(new CliProcess(['worker', '--queue', redis.url, ...WORKER_FLAGS]));

    // Worker 0 dies inside its first unit.
    const [, killedUnit] = await workers[0].waitFor(/started (\S+) \(try 1 of 3\)/);
    await workers[0].kill('SIGKILL');
    expect(workers[0].err).not.toMatch(/finished/);

    // The coordinator dies once some units are written; the workers go on without it.
    await until(() => trialFiles(dir).length >= 3, 120000, 'three trial records');
    await first.kill('SIGKILL');
    const writtenBefore = trialFiles(dir).length;
    expect(writtenBefore).toBeLessThan(UNITS);
    const finishedCount = () => workers.reduce((s, w) => s + (w.err.match(/finished /g) ?? []).length, 0);
    const finishedAtKill = finishedCount();
    const allTrained = () => finishedCount() >= UNITS;
    await until(
      () => finishedCount() > finishedAtKill || allTrained(),
      120000,
      'a unit finished while no coordinator ran',
    );

    const second = new CliProcess(runArgs);
    const end = await second.exited;
    expect(second.err).toMatch(/8\/8 trials finished \(0 failed\)/);
    expect(end.code).toBe(0);

    // The same numbers as one process computing everything.
    expect(trialFiles(dir)).toHaveLength(UNITS);
    expect(comparableSummary(dir)).toEqual(comparableSummary(referenceDir));
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.sessions).toHaveLength(2);
    expect(summary.complete).toBe(true);

    // Trained exactly once each: the killed worker's unit by another worker, on its second try.
    const finished = workers.flatMap((w) => [...w.err.matchAll(/finished (\S+) in/g)].map((m) => m[1]));
    expect(finished).toHaveLength(UNITS);
    expect(new Set(finished).size).toBe(UNITS);
    expect(finished).toContain(killedUnit);
    expect(workers[1].err + workers[2].err).toContain(`started ${killedUnit} (try 2 of 3)`);
    expect(workers[1].err + workers[2].err).toContain(`${killedUnit}: its worker stopped renewing the lock`);

    // Nothing is left in Redis: written units' jobs are removed, none failed or waits.
    const queue = new Queue('units', {
      connection: { host: '127.0.0.1', port: redis.port, password: PASSWORD },
      prefix: 'spectral',
    });
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    await queue.close();
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });

    // The password reaches neither the results directory nor any log.
    for (const file of filesUnder(dir)) expect(fs.readFileSync(file, 'utf8')).not.toContain(PASSWORD);
    for (const p of [first, second, ...workers]) expect(p.err + p.out).not.toContain(PASSWORD);
    expect(first.err).toContain('redis://***@127.0.0.1');
  });
});
