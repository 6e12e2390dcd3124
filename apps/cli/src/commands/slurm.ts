/**
 * cli/commands/slurm: `spectral slurm` turns a sweep into a Slurm job array. It checks the config and prepares the
 * results directory first (so a bad config fails here, not in every task), then writes DIR/slurm/job.sh (N array
 * tasks, each `spectral run --shard auto` on its cost-balanced slice) and DIR/slurm/merge.sh (`spectral merge`, run
 * after the array whatever its tasks' fate, so that it names what is missing). `--submit` calls sbatch; `--wait`
 * blocks until the merge job ends and exits with its status.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { resultsPaths, SLURM_DIR, writeFileAtomic } from '@spectral-ts/results';
import { EXIT, usage } from '../errors';
import { runExperiment } from '../run-experiment';

export interface SlurmOptions {
  config: string;
  out: string;
  /** Array tasks (shards). */
  array: number;
  partition?: string;
  /** Slurm time limit per task, e.g. 02:00:00. */
  time?: string;
  cpusPerTask?: number;
  plugins?: string[];
  submit?: boolean;
  wait?: boolean;
}

export interface SlurmOutcome {
  jobScript: string;
  mergeScript: string;
  arrayJobId?: string;
  mergeJobId?: string;
  /** With --wait: the merge job's exit status (0 when every unit finished ok). */
  exitCode: number;
}

/** Quotes a string for bash. */
function sh(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function checkSlurmValue(flag: string, value: string | undefined, pattern: RegExp, example: string): void {
  if (value !== undefined && !pattern.test(value))
    usage('slurm', `${flag} '${value}' is not valid (e.g. ${flag} ${example})`);
}

/** The executable that runs this CLI on the nodes (the same node and the same installation as here). */
function cliCommand(): [string, string] {
  // From the bundle in dist/ or, in tests, from src/commands/.
  const candidates = [
    path.join(__dirname, '..', 'bin', 'spectral.js'),
    path.join(__dirname, '..', '..', 'bin', 'spectral.js'),
  ];
  return [process.execPath, candidates.find((f) => fs.existsSync(f)) ?? candidates[0]];
}

/** The two batch scripts' text. */
export function slurmScripts(options: SlurmOptions, root: string): { job: string; merge: string } {
  const [node, bin] = cliCommand();
  const logs = path.join(root, SLURM_DIR);
  const header = (name: string) =>
    [
      '#!/bin/bash',
      `#SBATCH --job-name=${name}`,
      options.partition ? `#SBATCH --partition=${options.partition}` : '',
      options.time ? `#SBATCH --time=${options.time}` : '',
    ].filter(Boolean);
  const plugins = (options.plugins ?? []).flatMap((p) => ['--plugin', sh(path.resolve(p))]);
  const workers = options.cpusPerTask ? ['--workers', '"${SLURM_CPUS_PER_TASK:-1}"'] : [];
  const job = [
    ...header('spectral-sweep'),
    `#SBATCH --array=0-${options.array - 1}`,
    options.cpusPerTask ? `#SBATCH --cpus-per-task=${options.cpusPerTask}` : '',
    `#SBATCH --output=${logs}/task-%A_%a.out`,
    '# Each task trains its cost-balanced slice of the units (spectral run --shard auto reads SLURM_ARRAY_TASK_*).',
    'set -eu',
    [
      sh(node),
      sh(bin),
      'run',
      '--config',
      sh(path.resolve(options.config)),
      '--out',
      sh(root),
      '--shard',
      'auto',
      ...workers,
      ...plugins,
    ].join(' '),
  ].filter(Boolean);
  const merge = [
    ...header('spectral-merge'),
    `#SBATCH --output=${logs}/merge-%j.out`,
    '# Runs after every array task has ended (afterany); exits 1 and names the missing units if some did not finish.',
    'set -eu',
    [sh(node), sh(bin), 'merge', sh(root)].join(' '),
  ];
  return { job: job.join('\n') + '\n', merge: merge.join('\n') + '\n' };
}

function sbatch(args: string[]): { jobId: string; status: number } {
  const r = spawnSync('sbatch', args, { encoding: 'utf8' });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    usage(
      'slurm',
      'sbatch was not found on the PATH (run on a Slurm login node, or install the Slurm client: apt-get install slurm-wlm)',
    );
  }
  const jobId = (r.stdout ?? '').trim().split(';')[0].split('\n')[0];
  if (!/^\d+$/.test(jobId))
    usage('slurm', `sbatch ${args.join(' ')} failed: ${(r.stderr || r.stdout || `exit ${r.status}`).trim()}`);
  return { jobId, status: r.status ?? 1 };
}

/** Writes the scripts and, with `submit`, submits the array and its merge job. */
export async function slurmSweep(options: SlurmOptions): Promise<SlurmOutcome> {
  if (!options.config) usage('slurm', 'no config (give --config FILE: every array task runs it)');
  if (!Number.isInteger(options.array) || options.array < 1)
    usage('slurm', `--array must be a positive integer, got ${options.array}`);
  checkSlurmValue('--partition', options.partition, /^[A-Za-z0-9_.,-]+$/, 'gpu');
  checkSlurmValue('--time', options.time, /^[0-9:-]+$/, '02:00:00');
  if (options.wait && !options.submit) usage('slurm', '--wait needs --submit (there is nothing to wait for otherwise)');
  await runExperiment({
    config: options.config,
    out: options.out,
    plugins: options.plugins,
    prepareOnly: true,
    progress: 'quiet',
  });
  const root = resultsPaths(options.out).root;
  const { job, merge } = slurmScripts(options, root);
  const jobScript = path.join(root, SLURM_DIR, 'job.sh');
  const mergeScript = path.join(root, SLURM_DIR, 'merge.sh');
  writeFileAtomic(jobScript, job);
  writeFileAtomic(mergeScript, merge);
  fs.chmodSync(jobScript, 0o755);
  fs.chmodSync(mergeScript, 0o755);
  const outcome: SlurmOutcome = { jobScript, mergeScript, exitCode: EXIT.ok };
  if (!options.submit) return outcome;
  outcome.arrayJobId = sbatch(['--parsable', jobScript]).jobId;
  const dependency = `--dependency=afterany:${outcome.arrayJobId}`;
  if (!options.wait) {
    outcome.mergeJobId = sbatch(['--parsable', dependency, mergeScript]).jobId;
    return outcome;
  }
  // sbatch --wait blocks until the job ends and exits with its exit code.
  const waited = sbatch(['--parsable', '--wait', dependency, mergeScript]);
  outcome.mergeJobId = waited.jobId;
  outcome.exitCode = waited.status === 0 ? EXIT.ok : EXIT.failed;
  return outcome;
}
