/**
 * cli/run-limits: the memory and time a run will need, estimated from its config before anything is built
 * (rows x width x trials x workers, the student's every hidden layer counted), and the refusal of a run that cannot fit
 * this machine or would take longer than anyone waits for. The estimate is deliberately rough (a factor of two either way) and errs on the large side
 * for memory: its job is to tell `students.hidden: [1e7]` from the paper preset, not to plan.
 */
import * as os from 'os';
import {
  HIDDEN_MANIFOLD_TEACHER_DEFAULTS,
  LINEAR_TEACHER_DEFAULTS,
  NN_TEACHER_DEFAULTS,
} from '@spectral-ts/teacher-student';
import { imageDatasetInfo } from '@spectral-ts/image-datasets';
import type { ExperimentConfig } from './config/schema';
import { imageKindOf } from './data-source';
import { usage } from './errors';
import { hiddenLayerSpecs } from './student-for';

/** Each worker thread costs about this much before it holds any data (measured: about 40 MB a thread). */
export const WORKER_BASE_BYTES = 40e6;
/** Bytes per weight of a NetworkWeights (JS number arrays) plus the packed copies, gradient and Adam moments. */
const BYTES_PER_PARAMETER = 16 + 5 * 8;
/** Bytes of one epoch's history entry in a record (an object of four numbers). */
const BYTES_PER_EPOCH = 100;
/**
 * Multiply-adds of a forward pass that one core trains per second, backward pass and update included. Measured on
 * the 2-core machine: 944 trial-epochs/s of 8000 rows at N1 = 40 (1220 multiply-adds a row) over two cores is
 * 4.6e9 (packages/training/README.md); rounded up so that the estimate never overstates the time.
 */
export const MACS_PER_CORE_SECOND = 5e9;
/** More trials than this are not one experiment (each writes a record file; the paper has 140). */
export const MAX_TRIALS = 100_000;
/** A run estimated longer than this needs --force. */
export const MAX_SECONDS_WITHOUT_FORCE = 7 * 24 * 3600;
/** A run estimated to need more than this fraction of the machine's memory needs --force; more than all of it is refused. */
export const MEMORY_FRACTION_WITHOUT_FORCE = 0.5;

/** Worker threads beyond this many per core only add memory (each trains one unit on one thread). */
export const WORKERS_PER_CORE = 4;

export function maxWorkers(cores: number): number {
  return Math.max(4, WORKERS_PER_CORE * cores);
}

export interface RunEstimate {
  bytes: number;
  seconds: number;
  trials: number;
  /** The config field whose term dominates the memory estimate. */
  memoryField: string;
  /** The field that, of the time estimate's factors, is furthest above the paper's value. */
  timeField: string;
}

export interface EstimateContext {
  backend: string;
  workers: number;
  cores: number;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Input width and hidden widths of a (not yet resolved) teacher config; plugin kinds fall back to the nn defaults. */
function teacherShape(t: Record<string, unknown>): { inputDim: number; widths: number[] } {
  const defaults =
    t.kind === 'linear'
      ? { inputDim: LINEAR_TEACHER_DEFAULTS.inputDim, hidden: [] as number[] }
      : t.kind === 'hidden-manifold'
        ? HIDDEN_MANIFOLD_TEACHER_DEFAULTS
        : NN_TEACHER_DEFAULTS;
  const hidden = Array.isArray(t.hidden)
    ? t.hidden.map(num).filter((v): v is number => v !== undefined)
    : [...defaults.hidden];
  const latent =
    num(t.latentDim) ?? (t.kind === 'hidden-manifold' ? HIDDEN_MANIFOLD_TEACHER_DEFAULTS.latentDim : undefined);
  return {
    inputDim: num(t.inputDim) ?? defaults.inputDim,
    widths: [...hidden, ...(latent !== undefined ? [latent] : [])],
  };
}

/**
 * The hidden widths of a student of width N1 = `n1`: the config's students.layers (the first one's width N1), else the
 * paper's chain N1 -> h_2 with the teacher's h_2 (method spec §3).
 */
function studentWidths(students: ExperimentConfig['students'], n1: number, h2: number): number[] {
  return students.layers ? hiddenLayerSpecs(students.layers, n1).map((l) => l.units) : [n1, h2];
}

/** Weights of a d -> widths -> 1 chain (the student's frozen output of one unit last): multiply-adds of a row, too. */
function chainParameters(d: number, widths: number[]): number {
  return [d, ...widths, 1].reduce((s, w, i, a) => s + (i ? a[i - 1] * w : 0), 0);
}

/** The estimate of a validated config (before resolveConfig builds any network). */
export function estimateRun(config: ExperimentConfig, ctx: EstimateContext): RunEstimate {
  const image = imageKindOf(config);
  const info = image ? imageDatasetInfo(image) : undefined;
  // An image classifier: d = 784 inputs, no teacher network, and its logits in place of h_2.
  const teachers = info
    ? [{ inputDim: info.inputDim, widths: [0, info.classes] }]
    : (config.teachers ?? [config.teacher ?? { kind: 'nn' }]).map((t) => teacherShape(t as Record<string, unknown>));
  const sizes = config.students.hidden;
  const variants = config.students.variants.length;
  const groups = teachers.length * sizes.length * variants;
  const trials = groups * config.trials;
  const { train, test } = config.data;
  const epochs = config.training.epochs;
  const d = Math.max(...teachers.map((t) => t.inputDim));
  const teacherWidth = Math.max(1, ...teachers.flatMap((t) => t.widths));
  const h2 = Math.max(...teachers.map((t) => t.widths[1] ?? NN_TEACHER_DEFAULTS.hidden[1]));
  const n1 = Math.max(...sizes);
  // An image classifier's student: its hidden layers, then the logits (one per class).
  const widths = info
    ? [...(config.students.layers ? studentWidths(config.students, n1, 0) : [n1]), info.classes]
    : studentWidths(config.students, n1, h2);
  // A deeper layer of students.layers wider than N1 dominates the student's share; name it, not students.hidden.
  const deeper = config.students.layers ? Math.max(0, ...widths.slice(1)) : 0;
  const studentField = deeper > n1 ? 'students.layers' : 'students.hidden';
  const studentWidth = Math.max(n1, deeper);
  const width = Math.max(studentWidth, teacherWidth, d);
  const teacherParams = info ? 0 : Math.max(...teachers.map((t) => chainParameters(t.inputDim, t.widths)));
  const studentParams = chainParameters(d, widths);
  const per = config.execution.trialsPerUnit;
  const perUnit = per === 'auto' ? (ctx.backend === 'tensorflow' ? config.trials : 1) : Math.min(per, config.trials);
  const workers = Math.max(1, ctx.workers);
  const teacherField = info
    ? 'data.kind'
    : config.teachers
      ? 'teachers[].inputDim / hidden'
      : 'teacher.inputDim / teacher.hidden';

  // Every process (the main one and each worker) builds the teacher and the test set and runs forward passes on it.
  const terms: [field: string, bytes: number][] = [
    [teacherField, (workers + 1) * teacherParams * BYTES_PER_PARAMETER],
    [test / 10000 >= d / 100 ? 'data.test' : teacherField, (workers + 1) * test * (d + 1) * 8],
    [studentWidth >= teacherWidth ? studentField : teacherField, (workers + 1) * test * 2 * width * 8],
    [train / 10000 >= d / 100 ? 'data.train' : teacherField, workers * perUnit * train * (d + 1) * 8 * 2],
    [studentField, workers * perUnit * studentParams * BYTES_PER_PARAMETER],
    ['training.epochs', (workers * perUnit + trials) * epochs * BYTES_PER_EPOCH],
    ['trials', trials * (4 * studentWidth * 8 + 10_000)],
    ['--workers', workers * WORKER_BASE_BYTES],
    // Every process holds the whole image set as float32 (x and y), parsed from JSON at about twice that size.
    ['data.kind', info ? (workers + 1) * info.rows * (info.inputDim + 1) * 4 * 3 : 0],
  ];
  const bytes = terms.reduce((s, [, b]) => s + b, 0);
  const memoryField = terms.reduce((a, b) => (b[1] > a[1] ? b : a))[0];

  const macs =
    sizes.reduce((s, n) => s + chainParameters(d, studentWidths(config.students, n, h2)), 0) *
    teachers.length *
    variants;
  const seconds =
    (config.trials * epochs * train * macs) / (MACS_PER_CORE_SECOND * Math.max(1, Math.min(workers, ctx.cores)));
  // The factor furthest above the paper's (method spec §3: 10 trials, 2000 epochs, 10000 rows, N1 up to 1000).
  const factors: [string, number][] = [
    ['trials', config.trials / 10],
    ['training.epochs', epochs / 2000],
    ['data.train', train / 10000],
    [studentField, studentWidth / 1000],
    [teacherField, d / 100],
  ];
  const timeField = factors.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
  return { bytes, seconds, trials, memoryField, timeField };
}

function gb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toPrecision(3)} GB` : `${Math.ceil(bytes / 1e6)} MB`;
}

function duration(seconds: number): string {
  if (seconds < 3600) return `${Math.ceil(seconds / 60)} minutes`;
  if (seconds < 86400 * 3) return `${(seconds / 3600).toPrecision(3)} hours`;
  if (seconds < 86400 * 365 * 3) return `${(seconds / 86400).toPrecision(3)} days`;
  return `${(seconds / (86400 * 365)).toPrecision(3)} years`;
}

export interface LimitOptions {
  backend: string;
  /** --workers, when given. */
  workers?: number;
  /** --force: run what only exceeds the soft limits (time, half the memory). */
  force?: boolean;
  cores?: number;
  totalMemory?: number;
}

/** Refuses (UsageError, exit 2) a run that cannot fit this machine, or that needs --force. Returns the estimate. */
export function checkRunLimits(config: ExperimentConfig, options: LimitOptions): RunEstimate {
  const cores = options.cores ?? Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const total = options.totalMemory ?? os.totalmem();
  if (options.workers !== undefined && options.workers > maxWorkers(cores)) {
    usage(
      'run',
      `--workers ${options.workers} is more than ${maxWorkers(cores)} (${WORKERS_PER_CORE} per core on this ${cores}-core machine; each thread costs about ${gb(WORKER_BASE_BYTES)} and more threads than cores train no faster)`,
    );
  }
  const e = estimateRun(config, { backend: options.backend, workers: options.workers ?? cores, cores });
  if (e.trials > MAX_TRIALS) {
    usage(
      'run',
      `trials: the config plans ${e.trials.toExponential(2)} trials (teachers x students.hidden x students.variants x trials), more than ${MAX_TRIALS} (each trial is a record file; lower trials or the sweep)`,
    );
  }
  const force = options.force ? '' : ', or pass --force to run it anyway';
  if (e.bytes > total) {
    usage(
      'run',
      `${e.memoryField}: the run needs about ${gb(e.bytes)} of memory, more than this machine's ${gb(total)} (lower ${e.memoryField}${e.memoryField === '--workers' ? '' : ' or --workers'})`,
    );
  }
  if (!options.force && e.bytes > MEMORY_FRACTION_WITHOUT_FORCE * total) {
    usage(
      'run',
      `${e.memoryField}: the run needs about ${gb(e.bytes)} of memory, more than half of this machine's ${gb(total)} (lower ${e.memoryField}${force})`,
    );
  }
  if (!options.force && e.seconds > MAX_SECONDS_WITHOUT_FORCE) {
    usage(
      'run',
      `${e.timeField}: the run would take about ${duration(e.seconds)} on ${Math.min(options.workers ?? cores, cores)} core(s) (lower ${e.timeField}${force})`,
    );
  }
  return e;
}
