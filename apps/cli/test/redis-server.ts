// A real redis-server for the queue tests, on a free loopback port, with nothing saved to disk (or, given a
// directory, an append-only file fsynced on every write, so that a server killed with -9 restarts with every job);
// and CLI child processes whose output the tests can wait on.
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as net from 'net';
import { BIN } from './helpers';

export const HAVE_REDIS = spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;

/** describe, or a one-line skip when redis-server is not installed. */
export function describeWithRedis(name: string, body: () => void): void {
  if (HAVE_REDIS) describe(name, body);
  else describe.skip(`${name} (install redis-server)`, body);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

export interface RedisServer {
  port: number;
  /** redis://:PASSWORD@127.0.0.1:PORT/0 */
  url: string;
  stop(): Promise<void>;
  /** Kills the server with -9 (a crash: nothing is saved on the way out). */
  kill(): Promise<void>;
}

export interface RedisOptions {
  tls?: RedisTls;
  /** Listen on this port (a restart on the port of a killed server); default a free one. */
  port?: number;
  /** Persist to an append-only file in this directory, fsynced on every write. */
  dir?: string;
}

/** TLS files for `startRedis(..., { tls })`: the server's certificate (also its own CA) and key. */
export interface RedisTls {
  cert: string;
  key: string;
}

export async function startRedis(password: string, options: RedisOptions = {}): Promise<RedisServer> {
  const port = options.port ?? (await freePort());
  const listen = options.tls
    ? [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--tls-cert-file',
        options.tls.cert,
        '--tls-key-file',
        options.tls.key,
      ]
    : ['--port', String(port)];
  const tlsCa = options.tls ? ['--tls-ca-cert-file', options.tls.cert, '--tls-auth-clients', 'no'] : [];
  const persistence = options.dir
    ? ['--dir', options.dir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    [...listen, ...tlsCa, '--bind', '127.0.0.1', '--save', '', ...persistence, '--requirepass', password],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${log}`)), 10000);
    child.stdout!.on('data', (d) => {
      log += String(d);
      if (log.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${log}`)));
  });
  const ended = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  return {
    port,
    url: options.tls ? `rediss://:${password}@localhost:${port}/0` : `redis://:${password}@127.0.0.1:${port}/0`,
    stop: () => ended('SIGTERM'),
    kill: () => ended('SIGKILL'),
  };
}

/** A spawned `spectral` process whose stdout and stderr are collected. */
export class CliProcess {
  readonly child: ChildProcess;
  out = '';
  err = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: NodeJS.ProcessEnv = {}) {
    this.child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SPECTRAL_DEBUG: '', ...env },
    });
    this.child.stdout!.on('data', (d) => (this.out += String(d)));
    this.child.stderr!.on('data', (d) => (this.err += String(d)));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Resolves with the first match of `pattern` in stderr; rejects after `ms` or when the process ends first. */
  async waitFor(pattern: RegExp, ms = 60000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + ms;
    for (;;) {
      const m = this.err.match(pattern);
      if (m) return m;
      if (this.child.exitCode !== null || this.child.signalCode !== null || Date.now() > deadline) {
        throw new Error(
          `no ${pattern} in the output of spectral ${this.child.spawnargs.slice(2).join(' ')}:\n${this.err}`,
        );
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    await this.exited;
  }
}

/**
 * The `spectral` processes a describe block starts, all killed after its tests: `start(args, env)` spawns one and
 * keeps it for that afterAll. Call it inside the describe block.
 */
export function cliProcesses(): { start: (args: string[], env?: NodeJS.ProcessEnv) => CliProcess } {
  const processes: CliProcess[] = [];
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill()));
  });
  return {
    start: (args, env) => {
      const p = new CliProcess(args, env);
      processes.push(p);
      return p;
    },
  };
}
