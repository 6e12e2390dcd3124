// Redis dying mid-run, on a real redis-server killed with -9 after some units are written. Back within the bound (a
// restart on the same port, with its append-only file): the run completes as if nothing happened, each unit trained
// once. Gone for longer than --redis-timeout: the coordinator and the worker stop within seconds with one line and
// exit 1, what was written stays, and `spectral run --out DIR --resume --queue URL` on a new server finishes the run
// without training a written unit again.
import * as fs from 'fs';
import * as path from 'path';
import { Queue } from 'bullmq';
import { ensureBuilt, tempDir, tinyConfig, writeConfig } from './helpers';
import { CliProcess, describeWithRedis, startRedis, type RedisServer, cliProcesses } from './redis-server';

// 8 units of one trial each, a fraction of a second each on the cpu backend.
const sweep = tinyConfig({
  data: { train: 1000, test: 200, validationSplit: 0.2, seed: 1 },
  training: { epochs: 4000 },
});
const UNITS = 8;
const PASSWORD = 'outage-test-pw';

function trialFiles(dir: string): string[] {
  const t = path.join(dir, 'trials');
  return fs.existsSync(t) ? fs.readdirSync(t).filter((n) => n.endsWith('.json') && !n.startsWith('.')) : [];
}

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const finishedUnits = (worker: CliProcess) => [...worker.err.matchAll(/finished (\S+) in/g)].map((m) => m[1]);

describeWithRedis('queue: Redis killed mid-run', () => {
  const servers: RedisServer[] = [];
  const { start } = cliProcesses();
  let configFile: string;

  beforeAll(() => {
    ensureBuilt();
    configFile = writeConfig(tempDir('spectral-outage-cfg-'), sweep);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
  });

  it('back within the bound (restarted with its append-only file): the run completes, each unit trained once', async () => {
    const redisDir = tempDir('spectral-outage-aof-');
    const first = await startRedis(PASSWORD, { dir: redisDir });
    servers.push(first);
    const dir = tempDir('spectral-outage-back-');
    const coordinator = start(['run', '--config', configFile, '--out', dir, '--queue', first.url]);
    const worker = start(['worker', '--queue', first.url]);

    await until(() => trialFiles(dir).length >= 2, 60000, 'two trial records');
    await first.kill();
    const writtenAtKill = trialFiles(dir).length;
    expect(writtenAtKill).toBeLessThan(UNITS);
    await new Promise((r) => setTimeout(r, 3000));
    expect(coordinator.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    const again = await startRedis(PASSWORD, { dir: redisDir, port: first.port });
    servers.push(again);

    const end = await coordinator.exited;
    expect(coordinator.err).toMatch(/8\/8 trials finished \(0 failed\)/);
    expect(end.code).toBe(0);
    expect(trialFiles(dir)).toHaveLength(UNITS);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8')).complete).toBe(true);
    // The jobs survived in the append-only file: no unit was trained twice, and Redis is left empty.
    const finished = finishedUnits(worker);
    expect(finished).toHaveLength(UNITS);
    expect(new Set(finished).size).toBe(UNITS);
    expect(worker.child.exitCode).toBeNull();
    const queue = new Queue('units', {
      connection: { host: '127.0.0.1', port: again.port, password: PASSWORD },
      prefix: 'spectral',
    });
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
    await queue.close();
    expect(counts).toEqual({ waiting: 0, active: 0, delayed: 0, completed: 0, failed: 0 });
  });

  it('gone past --redis-timeout: both stop with one line and exit 1; --resume on a new server finishes', async () => {
    const first = await startRedis(PASSWORD);
    servers.push(first);
    const dir = tempDir('spectral-outage-gone-');
    const bound = ['--redis-timeout', '2'];
    const coordinator = start(['run', '--config', configFile, '--out', dir, '--queue', first.url, ...bound]);
    const worker = start(['worker', '--queue', first.url, ...bound]);
    // A second worker is asked to stop (SIGTERM) just after the kill: its graceful stop, which waits on Redis, is
    // bounded too.
    const stopping = start(['worker', '--queue', first.url, ...bound]);

    await until(() => trialFiles(dir).length >= 2, 60000, 'two trial records');
    await first.kill();
    const killedAt = Date.now();
    stopping.child.kill('SIGTERM');
    const [ran, worked, stopped] = await Promise.all([coordinator.exited, worker.exited, stopping.exited]);
    const seconds = (Date.now() - killedAt) / 1000;
    expect(ran.code).toBe(1);
    expect(worked.code).toBe(1);
    expect(stopped.code).toBe(1);
    expect(stopping.err).toMatch(/stopping after the running units[\s\S]*lost the Redis at redis:\/\/\*\*\*@127/);
    // The bound, plus a PING interval and the shutdown (about 4 s in all here; the margin is for a loaded machine).
    expect(seconds).toBeGreaterThan(2);
    expect(seconds).toBeLessThan(15);

    const written = trialFiles(dir);
    const lines = coordinator.err.trim().split('\n');
    expect(lines.filter((l) => l.includes('lost the Redis'))).toHaveLength(1);
    expect(lines[lines.length - 1]).toMatch(
      new RegExp(
        `^spectral: cli/queue: lost the Redis at redis://\\*\\*\\*@127\\.0\\.0\\.1:${first.port}/0 mid-run: ` +
          `no answer from Redis for [2-5] s \\((ECONNREFUSED|connection closed)\\); ${written.length} of 8 units are in ` +
          `${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: start Redis again and rerun the same command`,
      ),
    );
    expect(worker.err).toMatch(
      /spectral worker \S+: lost the Redis at redis:\/\/\*\*\*@127\.0\.0\.1:\d+\/0: no answer from Redis for [2-5] s/,
    );
    expect(coordinator.err + worker.err).not.toMatch(/\n\s+at /);
    const summary = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(false);
    expect(summary.unitsFinished).toBe(written.length);
    const before = new Map(written.map((n) => [n, fs.readFileSync(path.join(dir, 'trials', n), 'utf8')]));

    // A new, empty server: the resumed coordinator enqueues only the units that are not on disk.
    const fresh = await startRedis(PASSWORD);
    servers.push(fresh);
    const resumed = start(['run', '--out', dir, '--resume', '--queue', fresh.url]);
    const worker2 = start(['worker', '--queue', fresh.url]);
    const end = await resumed.exited;
    expect(resumed.err).toMatch(/8\/8 trials finished \(0 failed\)/);
    expect(end.code).toBe(0);
    expect(finishedUnits(worker2)).toHaveLength(UNITS - written.length);
    for (const [name, text] of before) expect(fs.readFileSync(path.join(dir, 'trials', name), 'utf8')).toBe(text);
    const done = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    expect(done.complete).toBe(true);
    expect(done.sessions).toHaveLength(2);
  });
});
