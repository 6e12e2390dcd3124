// Shared helpers of the CLI tests: temp dirs, tiny configs, running the CLI in-process and as a child process.
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../src';

export const CLI_ROOT = path.join(__dirname, '..');
export const BIN = path.join(CLI_ROOT, 'bin', 'spectral.js');
export const PLUGIN_EXAMPLE = path.join(CLI_ROOT, 'examples', 'plugin-example.js');

export function tempDir(prefix = 'spectral-cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A tiny experiment: seconds on the cpu backend. */
export function tinyConfig(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    teacher: { kind: 'nn', inputDim: 10, hidden: [20, 20], seed: 0 },
    data: { train: 300, test: 300, validationSplit: 0.2, seed: 1 },
    students: { hidden: [6, 12], variants: ['spectral', 'direct'] },
    training: { epochs: 4 },
    trials: 2,
    seed: 5,
    execution: { backend: 'cpu' },
    ...over,
  };
}

export function writeConfig(dir: string, config: unknown, name = 'config.json'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof config === 'string' ? config : JSON.stringify(config, null, 2));
  return file;
}

/** Runs the CLI in this process; returns the exit code and what it printed. */
export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (s) => (out += s), err: (s) => (err += s) });
  process.exitCode = undefined;
  return { code, out, err };
}

/** Builds the CLI's dist when it is missing (CI builds every package before testing). */
export function ensureBuilt(): void {
  if (fs.existsSync(path.join(CLI_ROOT, 'dist', 'main.js')) && fs.existsSync(path.join(CLI_ROOT, 'dist', 'worker.js')))
    return;
  execFileSync(process.execPath, [require.resolve('tsup/dist/cli-default.js')], { cwd: CLI_ROOT, stdio: 'ignore' });
}

/** Spawns the built CLI. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SPECTRAL_DEBUG: '', ...env },
  });
}

export function waitExit(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; err: string }> {
  let err = '';
  child.stderr?.on('data', (d) => (err += String(d)));
  child.stdout?.resume();
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, err })));
}

/** The summary without the fields that legitimately differ between runs (timings, sessions, worker count). */
export function comparableSummary(dir: string): unknown {
  const s = JSON.parse(fs.readFileSync(path.join(dir, 'summary.json'), 'utf8'));
  for (const k of ['wallSeconds', 'startedAt', 'finishedAt', 'sessions', 'workers']) delete s[k];
  return s;
}
