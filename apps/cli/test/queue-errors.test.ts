// Bad --queue input ends the command with exit 2 and a clear message within seconds, never a hang: Redis down (no
// server on the port), a URL of another scheme, a bad database number; the password never appears in a message.
// Needs no redis-server: nothing listens on the port.
import * as fs from 'fs';
import * as path from 'path';
import { parseRedisUrl, redactUrl } from '../src/queue/redis-url';
import { ensureBuilt, runCli, tempDir, tinyConfig, writeConfig } from './helpers';
import { CliProcess, freePort } from './redis-server';

describe('--queue URLs', () => {
  it('reads host, port, database, password and TLS, and shows the URL with the password hidden', () => {
    const t = parseRedisUrl('rediss://worker:s3cr%40t@queue.example.org:6380/4');
    expect(t).toEqual({
      host: 'queue.example.org',
      port: 6380,
      db: 4,
      username: 'worker',
      password: 's3cr@t',
      tls: true,
      display: 'rediss://***@queue.example.org:6380/4',
    });
    expect(parseRedisUrl('redis://10.0.0.5')).toMatchObject({ host: '10.0.0.5', port: 6379, db: 0, tls: false });
    const fromEnv = parseRedisUrl('redis://h:7000', '--queue', { SPECTRAL_REDIS_PASSWORD: 'env-pw' });
    expect(fromEnv).toMatchObject({ password: 'env-pw', display: 'redis://h:7000/0' });
    expect(redactUrl('at redis://:pw@h:1/0 and rediss://u:p@h2')).toBe('at redis://***@h:1/0 and rediss://***@h2');
  });

  it.each([
    ['http://h:1', /--queue 'http:\/\/h:1' uses http:\/\/ \(expected redis:\/\/\[:PASSWORD@\]HOST:PORT\[\/DB\]/],
    [
      'redis://:pw@h:1/db2',
      /--queue 'redis:\/\/\*\*\*@h:1\/db2': the database after the host must be a number like \/0/,
    ],
    ['not a url', /--queue 'not a url' is not a URL/],
  ])('rejects %s with exit 2', async (url, message) => {
    const r = await runCli(['worker', '--queue', url]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(message);
    expect(r.err).not.toContain('pw');
  });
});

describe('--redis-timeout', () => {
  it.each([
    [
      ['run', '--preset', 'quick', '--out', 'unused', '--redis-timeout', '5'],
      /--redis-timeout has no effect without --queue/,
    ],
    [
      ['run', '--preset', 'quick', '--out', 'unused', '--queue', 'redis://127.0.0.1:1', '--redis-timeout', '0'],
      /--redis-timeout must be a positive number of seconds, got 0/,
    ],
    [
      ['worker', '--queue', 'redis://127.0.0.1:1', '--redis-timeout', '-3'],
      /--redis-timeout must be a positive number/,
    ],
    [
      ['worker', '--queue', 'redis://127.0.0.1:1', '--redis-timeout', 'soon'],
      /--redis-timeout must be a number, got 'soon'/,
    ],
  ])('%j exits 2 naming the flag', async (args, message) => {
    const r = await runCli(args as string[]);
    expect(r.code).toBe(2);
    expect(r.err.replace(/\s+/g, ' ')).toMatch(message);
    expect(fs.existsSync('unused')).toBe(false);
  });
});

describe('Redis down', () => {
  beforeAll(() => ensureBuilt());

  it('spectral run --queue and spectral worker exit 2 within seconds, naming the server, without the password', async () => {
    const port = await freePort();
    const dir = tempDir('spectral-queue-down-');
    const config = writeConfig(dir, tinyConfig());
    const out = path.join(dir, 'results');
    const url = `redis://:hunter2-pw@127.0.0.1:${port}/0`;
    for (const args of [
      ['run', '--config', config, '--out', out, '--queue', url],
      ['worker', '--queue', url],
    ]) {
      const started = Date.now();
      const p = new CliProcess(args);
      const r = await p.exited;
      const seconds = (Date.now() - started) / 1000;
      expect(r.code).toBe(2);
      // Node's start and the CLI's imports take about 2 s of this on a loaded machine; the probe gives up after 4 s.
      expect(seconds).toBeLessThan(15);
      expect(p.err).toContain(`cannot use Redis at redis://***@127.0.0.1:${port}/0 (from --queue)`);
      expect(p.err).toMatch(/ECONNREFUSED/);
      expect(p.err).toMatch(/start redis-server there, or fix the host and port/);
      expect(p.err + p.out).not.toContain('hunter2');
    }
    // Nothing was prepared: the results directory was not even created.
    expect(fs.existsSync(out)).toBe(false);
  });
});
