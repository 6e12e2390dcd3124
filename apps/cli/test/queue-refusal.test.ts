// What a queue worker will not do, on a real redis-server: train a unit of a run whose plugin contents differ from
// its own (it hands the job back, names the plugin and stops with exit 2, and a matching worker then finishes the
// run), or keep retrying a unit that fails (after 3 tries it is a failed unit, with its reason, and the run exits 1).
import * as fs from 'fs';
import * as path from 'path';
import { CLI_ROOT, ensureBuilt, PLUGIN_EXAMPLE, tempDir, tinyConfig, writeConfig } from './helpers';
import { describeWithRedis, startRedis, type RedisServer, cliProcesses } from './redis-server';

const FAILING_PLUGIN = path.join(CLI_ROOT, 'test', 'fixtures', 'fails-on-threads-plugin.js');
const WORKER_FLAGS = ['--lock-ms', '2000', '--stalled-ms', '1000'];

describeWithRedis('queue: refused and failing units', () => {
  let redis: RedisServer;
  const { start } = cliProcesses();

  beforeAll(async () => {
    ensureBuilt();
    redis = await startRedis('refusal-test-pw');
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('a worker whose plugin differs refuses the job and exits 2; a matching worker then runs it', async () => {
    const dir = tempDir('spectral-queue-refuse-');
    // The run's plugin, and a copy that differs by one comment line (same file name, other contents).
    const plugin = path.join(dir, 'plugin-example.js');
    fs.copyFileSync(PLUGIN_EXAMPLE, plugin);
    const otherDir = path.join(dir, 'other');
    fs.mkdirSync(otherDir);
    const changed = path.join(otherDir, 'plugin-example.js');
    fs.writeFileSync(changed, fs.readFileSync(plugin, 'utf8') + '\n// edited on this machine\n');
    const config = writeConfig(
      dir,
      tinyConfig({ students: { hidden: [6], variants: ['spectral'] }, plugins: ['./plugin-example.js'] }),
    );
    const out = path.join(dir, 'results');
    const queueArgs = ['--queue', redis.url, '--queue-name', 'refusal'];
    const coordinator = start(['run', '--config', config, '--out', out, ...queueArgs]);
    await coordinator.waitFor(/unit\(s\) on the queue/);

    const wrong = start(['worker', ...queueArgs, '--plugin', changed, ...WORKER_FLAGS]);
    const refused = await wrong.exited;
    expect(refused.code).toBe(2);
    expect(wrong.err).toMatch(/refusing unit t0-spectral-n6-trial[01] of run 'config'/);
    expect(wrong.err).toMatch(
      /plugin plugin-example\.js: contents differ \(sha256 [0-9a-f]{12} expected, [0-9a-f]{12} here\)/,
    );
    expect(wrong.err).not.toMatch(/started t0/);
    expect(fs.existsSync(path.join(out, 'trials')) ? fs.readdirSync(path.join(out, 'trials')) : []).toHaveLength(0);

    // The refused job went back to the queue untouched: a worker with the run's plugin finishes the run.
    const right = start(['worker', ...queueArgs, '--plugin', plugin, ...WORKER_FLAGS]);
    const done = await coordinator.exited;
    expect(done.code).toBe(0);
    expect(coordinator.err).toMatch(/2\/2 trials finished \(0 failed\)/);
    expect(right.err).toMatch(/started t0-spectral-n6-trial0 \(try 1 of 3\)/);
    expect(fs.readdirSync(path.join(out, 'trials')).filter((n) => n.endsWith('.json'))).toHaveLength(2);
  });

  it('a unit that fails on every try is recorded as failed with its reason after 3 tries', async () => {
    const dir = tempDir('spectral-queue-fail-');
    const config = writeConfig(
      dir,
      tinyConfig({
        teacher: { kind: 'fails-on-threads', seed: 0 },
        students: { hidden: [6], variants: ['direct'] },
        trials: 1,
      }),
    );
    const queueArgs = ['--queue', redis.url, '--queue-name', 'failing'];
    const out = path.join(dir, 'results');
    const coordinator = start(['run', '--config', config, '--out', out, '--plugin', FAILING_PLUGIN, ...queueArgs]);
    const worker = start(['worker', ...queueArgs, '--plugin', FAILING_PLUGIN, ...WORKER_FLAGS]);
    const done = await coordinator.exited;
    expect(done.code).toBe(1);
    expect(coordinator.err).toMatch(
      /error in t0-direct-n6-trial0: failed on the queue after 3 of 3 tries: fails-on-threads: this teacher draws no data on a worker thread/,
    );
    expect(coordinator.err).toMatch(/the run is incomplete/);
    expect((worker.err.match(/started t0-direct-n6-trial0/g) ?? []).length).toBe(3);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    expect(summary.complete).toBe(false);
    expect(summary.trialsFinished).toBe(0);
  });
});
