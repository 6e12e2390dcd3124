// rediss://: a coordinator and a worker reach a real redis-server over TLS only (its plain port is closed), with a
// password, using a certificate made at test time (trusted through NODE_EXTRA_CA_CERTS, as a private CA would be).
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ensureBuilt, tempDir, tinyConfig, writeConfig } from './helpers';
import { CliProcess, HAVE_REDIS, startRedis, type RedisServer } from './redis-server';

const HAVE_OPENSSL = spawnSync('openssl', ['version'], { stdio: 'ignore' }).status === 0;
const describeTls = HAVE_REDIS && HAVE_OPENSSL ? describe : describe.skip;

describeTls(`queue over TLS${HAVE_REDIS && HAVE_OPENSSL ? '' : ' (install redis-server and openssl)'}`, () => {
  let redis: RedisServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const processes: CliProcess[] = [];

  beforeAll(async () => {
    ensureBuilt();
    dir = tempDir('spectral-queue-tls-');
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
      ].concat(['-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1']),
      { stdio: 'ignore' },
    );
    redis = await startRedis('tls-test-pw', { tls: { cert, key } });
    env = { NODE_EXTRA_CA_CERTS: cert };
  });

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
    await redis?.stop();
  });

  it('runs a sweep through rediss:// with a password', async () => {
    expect(redis.url.startsWith('rediss://')).toBe(true);
    const config = writeConfig(dir, tinyConfig({ students: { hidden: [6], variants: ['spectral'] } }));
    const out = path.join(dir, 'results');
    const coordinator = new CliProcess(['run', '--config', config, '--out', out, '--queue', redis.url], env);
    const worker = new CliProcess(['worker', '--queue', redis.url], env);
    processes.push(coordinator, worker);
    const done = await coordinator.exited;
    expect(coordinator.err).toMatch(/2\/2 trials finished \(0 failed\)/);
    expect(done.code).toBe(0);
    expect(worker.err).toContain(`taking units from rediss://***@localhost:${redis.port}/0`);
    expect(fs.readdirSync(path.join(out, 'trials')).filter((n) => n.endsWith('.json'))).toHaveLength(2);
  });
});
