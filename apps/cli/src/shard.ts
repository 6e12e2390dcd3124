/**
 * cli/shard: static shards of a sweep for job arrays. `--shard K/N` (K from 1 to N) takes the K-th of N slices,
 * balanced by estimated cost: units are dealt longest first, each to the slice with the least cost so far (ties to
 * the lowest slice), so the slices are deterministic for a given config. `--shard auto` reads the task index and
 * count that Slurm, Kubernetes and AWS Batch give each task of an array.
 */
import { usage } from './errors';

/** One slice: `index` from 0 to count - 1. */
export interface Shard {
  index: number;
  count: number;
  /** Where the numbers came from, for messages. */
  source: string;
}

/** The environment variables `--shard auto` reads, in the order it tries them. */
export const SHARD_ENVIRONMENT = [
  'SLURM_ARRAY_TASK_ID (with SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MIN)',
  'JOB_COMPLETION_INDEX (Kubernetes Indexed Job, with --shard-count)',
  'AWS_BATCH_JOB_ARRAY_INDEX (with AWS_BATCH_JOB_ARRAY_SIZE)',
];

function integerVar(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n)) {
    usage(
      'run',
      `--shard auto: ${name}=${JSON.stringify(raw)} is not a non-negative integer (check the job's environment)`,
    );
  }
  return n;
}

function checked(index: number, count: number, source: string): Shard {
  if (!(count >= 1)) usage('run', `--shard: the shard count from ${source} must be at least 1, got ${count}`);
  if (!(index >= 0 && index < count)) {
    usage('run', `--shard: the task index from ${source} is ${index}, outside 0..${count - 1} (check the array size)`);
  }
  return { index, count, source };
}

/** Reads the shard of this array task from the environment; `count` is --shard-count (needed on Kubernetes). */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, count?: number): Shard {
  const slurmId = integerVar(env, 'SLURM_ARRAY_TASK_ID');
  if (slurmId !== undefined) {
    const total = count ?? integerVar(env, 'SLURM_ARRAY_TASK_COUNT');
    if (total === undefined)
      usage('run', '--shard auto: SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not (give --shard-count N)');
    const min = integerVar(env, 'SLURM_ARRAY_TASK_MIN') ?? 0;
    return checked(slurmId - min, total, 'SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN / SLURM_ARRAY_TASK_COUNT');
  }
  const k8sIndex = integerVar(env, 'JOB_COMPLETION_INDEX');
  if (k8sIndex !== undefined) {
    if (count === undefined) {
      usage(
        'run',
        "--shard auto: JOB_COMPLETION_INDEX is set, but Kubernetes does not tell a pod the completion count (give --shard-count N, the Job's spec.completions)",
      );
    }
    return checked(k8sIndex, count, 'JOB_COMPLETION_INDEX / --shard-count');
  }
  const awsIndex = integerVar(env, 'AWS_BATCH_JOB_ARRAY_INDEX');
  if (awsIndex !== undefined) {
    const total = count ?? integerVar(env, 'AWS_BATCH_JOB_ARRAY_SIZE');
    if (total === undefined)
      usage(
        'run',
        '--shard auto: AWS_BATCH_JOB_ARRAY_INDEX is set but AWS_BATCH_JOB_ARRAY_SIZE is not (give --shard-count N)',
      );
    return checked(awsIndex, total, 'AWS_BATCH_JOB_ARRAY_INDEX / AWS_BATCH_JOB_ARRAY_SIZE');
  }
  usage(
    'run',
    `--shard auto found no array task index in the environment (it reads ${SHARD_ENVIRONMENT.join('; ')}); outside a job array give --shard K/N`,
  );
}

/** Parses the value of --shard: 'K/N' (1 <= K <= N) or 'auto'. */
export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env, count?: number): Shard {
  if (value === 'auto') return shardFromEnvironment(env, count);
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  if (!m) usage('run', `--shard must be K/N (e.g. --shard 2/3: the second of three slices) or auto, got '${value}'`);
  const k = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || k < 1 || k > n)
    usage('run', `--shard ${value}: K must be between 1 and N (e.g. --shard 1/${Math.max(1, n)})`);
  return { index: k - 1, count: n, source: `--shard ${value}` };
}

/**
 * Deals items into `count` slices balanced by `cost`: longest first (stable in the given order for equal costs), each
 * to the slice with the least total so far. Returns, for each slice, its items in the given order.
 */
export function balancedSlices<T>(items: readonly T[], count: number, cost: (item: T) => number): T[][] {
  const order = items.map((item, i) => ({ item, i, c: cost(item) })).sort((a, b) => b.c - a.c || a.i - b.i);
  const totals = new Array<number>(count).fill(0);
  const slices: { item: T; i: number }[][] = Array.from({ length: count }, () => []);
  for (const entry of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (totals[s] < totals[best]) best = s;
    totals[best] += entry.c;
    slices[best].push(entry);
  }
  return slices.map((s) => s.sort((a, b) => a.i - b.i).map((e) => e.item));
}
