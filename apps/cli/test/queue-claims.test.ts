// A plain `spectral run` and a queue coordinator (with a worker, on a real redis-server) on one results directory: the
// coordinator takes the same claims a plain run takes before it enqueues a unit, so each unit is trained once, by
// whichever took it first, and both commands exit 0 with the complete summary; the unit of a plain run killed with -9
// while the coordinator waits for it goes to the queue.
import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, tempDir, tinyConfig, writeConfig } from './helpers';
import { describeWithRedis, startRedis, type RedisServer, cliProcesses } from './redis-server';

// 8 units of one trial each, a fraction of a second each on the cpu backend.
const sweep = tinyConfig({
  data: { train: 1000, test: 200, validationSplit: 0.2, seed: 1 },
  training: { epochs: 4000 },
});
const UNITS = 8;

async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describeWithRedis('queue: a coordinator and a plain run on one directory', () => {
  let redis: RedisServer;
  const { start } = cliProcesses();

  beforeAll(async () => {
    ensureBuilt();
    redis = await startRedis('claims-test-pw');
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('trains each unit once, some in the plain run and the rest on the queue', async () => {
    const dir = tempDir('spectral-queue-claims-');
    const config = writeConfig(dir, sweep, 'sweep.json');
    const out = path.join(dir, 'results');
    const plain = start(['run', '--config', config, '--out', out, '--workers', '1']);
    // The plain run holds its first unit's claim before the coordinator starts.
    const claims = path.join(out, 'claims');
    await until(
      () => fs.existsSync(claims) && fs.readdirSync(claims).some((n) => n.startsWith('t0-')),
      60000,
      "the plain run's first claim",
    );
    const coordinator = start(['run', '--config', config, '--out', out, '--queue', redis.url]);
    const worker = start(['worker', '--queue', redis.url]);
    const [a, b] = await Promise.all([plain.exited, coordinator.exited]);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);

    // The units each side wrote (a plain run's lines name the units it trained, the worker's the ones it trained).
    const byPlain = [...plain.err.matchAll(/\] (\S+): 1 ok/g)].map((m) => m[1]);
    const byWorker = [...worker.err.matchAll(/finished (\S+) in/g)].map((m) => m[1]);
    const byCoordinator = [...coordinator.err.matchAll(/\] (\S+): 1 ok/g)].map((m) => m[1]);
    expect(byPlain.length).toBeGreaterThan(0);
    expect(byWorker.length).toBeGreaterThan(0);
    expect(byPlain.length + byWorker.length).toBe(UNITS);
    expect(new Set([...byPlain, ...byWorker]).size).toBe(UNITS);
    expect(byCoordinator.sort()).toEqual([...byWorker].sort());
    // The plain run waited for the units the coordinator held, as it waits for any other process's.
    expect(plain.err).toMatch(/unit\(s\) are being trained by other processes; waiting for them/);

    const trials = fs.readdirSync(path.join(out, 'trials')).filter((n) => n.endsWith('.json'));
    expect(trials).toHaveLength(UNITS);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(true);
    expect(summary.trialsFinished).toBe(UNITS);
    const runs = (summary.sessions as { unitsRun: number }[]).map((s) => s.unitsRun).sort((x, y) => x - y);
    expect(runs).toEqual([byPlain.length, byWorker.length].sort((x, y) => x - y));
    // Every claim was released.
    expect(fs.readdirSync(claims).filter((n) => n.endsWith('.claim'))).toHaveLength(0);
  });

  it('takes over the unit of a plain run killed with -9 while the coordinator waits for it', async () => {
    const dir = tempDir('spectral-queue-claims-kill-');
    const config = writeConfig(dir, sweep, 'sweep.json');
    const out = path.join(dir, 'results');
    const plain = start(['run', '--config', config, '--out', out, '--workers', '1']);
    const claims = path.join(out, 'claims');
    const held = () =>
      fs.existsSync(claims) ? fs.readdirSync(claims).filter((n) => n.startsWith('t0-') && n.endsWith('.claim')) : [];
    await until(() => held().length > 0, 60000, "the plain run's first claim");
    const coordinator = start(['run', '--config', config, '--out', out, '--queue', redis.url, '--queue-name', 'kill']);
    const worker = start(['worker', '--queue', redis.url, '--queue-name', 'kill']);
    await coordinator.waitFor(/unit\(s\) are being trained by other processes; waiting for them/);
    // Killed while it holds a unit it has not written (it trains one at a time, each for a few tenths of a second).
    const holder = (n: string) => {
      try {
        return (JSON.parse(fs.readFileSync(path.join(claims, n), 'utf8')) as { pid: number }).pid;
      } catch {
        return undefined;
      }
    };
    const current = () =>
      held().find(
        (n) =>
          holder(n) === plain.child.pid && !fs.existsSync(path.join(out, 'trials', n.replace(/\.claim$/, '.json'))),
      );
    // Stopped first, so that what it holds is read while it cannot write it.
    let claimed: string | undefined;
    while (!claimed) {
      await until(() => current() !== undefined, 60000, 'the plain run inside a unit');
      plain.child.kill('SIGSTOP');
      await new Promise((r) => setTimeout(r, 50));
      claimed = current()?.replace(/\.claim$/, '');
      if (!claimed) plain.child.kill('SIGCONT');
    }
    await plain.kill('SIGKILL');
    const end = await coordinator.exited;
    expect(end.code).toBe(0);
    expect(coordinator.err).toMatch(/8\/8 trials finished \(0 failed\)/);
    const byPlain = [...plain.err.matchAll(/\] (\S+): 1 ok/g)].map((m) => m[1]);
    const byWorker = [...worker.err.matchAll(/finished (\S+) in/g)].map((m) => m[1]);
    expect(byPlain.length + byWorker.length).toBe(UNITS);
    expect(new Set([...byPlain, ...byWorker]).size).toBe(UNITS);
    // The unit the killed run was training, its claim left behind, went to the queue.
    expect(byPlain).not.toContain(claimed);
    expect(byWorker).toContain(claimed);
    expect(fs.readdirSync(path.join(out, 'trials')).filter((n) => n.endsWith('.json'))).toHaveLength(UNITS);
  });
});
