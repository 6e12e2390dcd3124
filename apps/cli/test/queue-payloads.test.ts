// The queue carries data, never code, and a worker trusts none of it: on a real redis-server, jobs written straight
// into the queue (as anyone with access to Redis could) are checked by the worker. A config naming a plugin does not
// make the worker load it (the unit is trained with the worker's own plugins, to the same numbers as a local run); a
// config the schema rejects, or a unit id that is not a unit of the config, fails the job at once, without retries.
import * as fs from 'fs';
import * as path from 'path';
import { Queue } from 'bullmq';
import { fingerprintRun } from '../src/fingerprint';
import { ensureBuilt, spawnCli, tempDir, tinyConfig, waitExit, writeConfig } from './helpers';
import { CliProcess, describeWithRedis, startRedis, type RedisServer } from './redis-server';

const PASSWORD = 'payload-test-pw';

describeWithRedis('queue: job payloads', () => {
  let redis: RedisServer;
  let worker: CliProcess | undefined;

  beforeAll(async () => {
    ensureBuilt();
    redis = await startRedis(PASSWORD);
  });

  afterAll(async () => {
    await worker?.kill();
    await redis?.stop();
  });

  it('loads no plugin a job names, and fails a job with a bad config or unit id without retrying it', async () => {
    const dir = tempDir('spectral-queue-payload-');
    const local = path.join(dir, 'local');
    const configFile = writeConfig(dir, tinyConfig({ students: { hidden: [6], variants: ['direct'] }, trials: 1 }));
    expect((await waitExit(spawnCli(['run', '--config', configFile, '--out', local, '--quiet']))).code).toBe(0);
    const resolved = JSON.parse(fs.readFileSync(path.join(local, 'config.json'), 'utf8'));
    const localRecord = JSON.parse(fs.readFileSync(path.join(local, 'trials', 't0-direct-n6-trial0.json'), 'utf8'));

    // A plugin that would leave a mark if it were ever loaded.
    const marker = path.join(dir, 'plugin-was-loaded');
    const evil = path.join(dir, 'evil-plugin.js');
    fs.writeFileSync(evil, `require('fs').writeFileSync(${JSON.stringify(marker)}, 'loaded');\n`);

    const jobs = {
      namesPlugin: { config: { ...resolved, plugins: [evil] }, unitId: 't0-direct-n6-trial0' },
      badConfig: { config: { ...resolved, trials: -1 }, unitId: 't0-direct-n6-trial0' },
      badUnit: { config: resolved, unitId: 't9-direct-n6-trial0' },
    };
    const queue = new Queue('payloads', {
      connection: { host: '127.0.0.1', port: redis.port, password: PASSWORD },
      prefix: 'spectral',
    });
    try {
      for (const [id, job] of Object.entries(jobs)) {
        // The fingerprint matches the payload, so only the worker's own checks stand in the way.
        const data = { ...job, fingerprint: fingerprintRun(job.config, []) };
        await queue.add(id, data, { jobId: id, attempts: 3, backoff: { type: 'fixed', delay: 200 } });
      }
      worker = new CliProcess(['worker', '--queue', redis.url, '--queue-name', 'payloads']);
      const deadline = Date.now() + 60000;
      const states = async () => Promise.all(Object.keys(jobs).map((id) => queue.getJobState(id)));
      while ((await states()).some((s) => s !== 'completed' && s !== 'failed')) {
        if (Date.now() > deadline) throw new Error(`jobs not finished: ${await states()}\n${worker.err}`);
        await new Promise((r) => setTimeout(r, 100));
      }

      const trained = (await queue.getJob('namesPlugin'))!;
      expect(await trained.getState()).toBe('completed');
      const record = trained.returnvalue.result.records[0];
      expect(record.id).toBe('t0-direct-n6-trial0');
      expect(record.testMse).toBe(localRecord.testMse);
      expect(record.scores).toEqual(localRecord.scores);
      expect(fs.existsSync(marker)).toBe(false);

      const badConfig = (await queue.getJob('badConfig'))!;
      expect(await badConfig.getState()).toBe('failed');
      expect(badConfig.failedReason).toMatch(/trials must be > 0, got -1/);
      expect(badConfig.attemptsMade).toBe(1);

      const badUnit = (await queue.getJob('badUnit'))!;
      expect(await badUnit.getState()).toBe('failed');
      expect(badUnit.failedReason).toMatch(/unit 't9-direct-n6-trial0' is not a unit of its config/);
      expect(badUnit.attemptsMade).toBe(1);
      expect(worker.err).not.toMatch(/started t9/);
    } finally {
      await queue.close();
    }
  });
});
