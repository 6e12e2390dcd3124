/**
 * cli/run-experiment: `spectral run` as a function. Loads plugins and the config, resolves it, prepares (or
 * resumes) the results directory, runs the units that are not finished, and writes every file atomically: each
 * trial's weights then its record as its unit finishes, then the summary and CSV tables. A run killed at any moment
 * resumes to the same summary, because a unit is redone whole unless all its trial records exist.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as pruning from '@spectral-ts/pruning';
import { resolveBackend, selectBackend, type BackendName } from '@spectral-ts/spectral';
import { getPreset } from '@spectral-ts/teacher-student';
import {
  groupKey, groupRecords, readJsonFile, readTrialRecords, removeTemporaryFiles, resultsPaths, summarize, writeCsvFiles, writeJsonAtomic, type GroupSummary,
  type Summary, type TrialRecord,
} from '@spectral-ts/results';
import { applyOverrides, parseConfig, readConfigFile, type ConfigOverrides } from './config/load-config';
import { configDifferences, resolveConfig, strategyOptionsFor, type ResolvedConfig } from './config/resolve';
import { asUsageError, EXIT, usage } from './errors';
import { loadPlugins } from './plugins';
import { runUnits, type PoolCallbacks } from './pool';
import { fingerprintRun } from './fingerprint';
import { runUnitsOnQueue } from './queue/coordinator';
import { probeRedis } from './queue/connection';
import { DEFAULT_QUEUE_NAME } from './queue/protocol';
import { parseRedisUrl } from './queue/redis-url';
import { createProgress, defaultProgressMode, type ProgressIo, type ProgressMode, type ProgressSink } from './progress';
import { teacherContext, type UnitResult } from './run-unit';
import { engineBatchesTrials } from '@spectral-ts/training';
import { planUnits, unitCost, type UnitSpec } from './units';

export interface RunOptions extends ConfigOverrides {
  /** A YAML or JSON config file. */
  config?: string;
  /** A registered preset name (`spectral presets`). */
  preset?: string;
  /** The results directory. */
  out: string;
  /** Worker threads. Default: 1 on the native backend, one per core on wasm/cpu. */
  workers?: number;
  /** Continue the run in `out` (the config may then be omitted: DIR/config.json is used). */
  resume?: boolean;
  /** Progress display. Default: bars on a TTY, lines otherwise. */
  progress?: ProgressMode;
  /** Stops starting new units (running ones finish and are written). */
  signal?: AbortSignal;
  /** Where progress is written (default stdout / stderr). */
  io?: ProgressIo;
  /** Train on `spectral worker` processes through this Redis queue (redis://[:PASSWORD@]HOST:PORT[/DB]). */
  queue?: string;
  /** The queue's name in Redis (default 'units'); the workers must be given the same one. */
  queueName?: string;
}

export interface RunOutcome {
  dir: string;
  summary: Summary;
  /** 0: every trial finished ok; 1: some trials failed or some units errored. */
  exitCode: number;
  unitsRun: number;
  unitErrors: { unit: string; message: string }[];
}

const VERSION: string = (() => {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

function tfjsVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@tensorflow/tfjs/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Loads the raw config from --config, --preset, or (resuming) the directory's config.json. */
function rawConfig(options: RunOptions): { raw: Record<string, unknown>; source: string; baseDir: string; fallbackName: string } {
  if (options.config && options.preset) usage('run', 'both --config and --preset were given (use one of them)');
  if (options.config) {
    const file = path.resolve(options.config);
    const raw = readConfigFile(file);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      usage('config', `${file} must hold a mapping of config keys (e.g. 'trials: 3'), not ${JSON.stringify(raw)} (see \`spectral schema\`)`);
    }
    return { raw: raw as Record<string, unknown>, source: file, baseDir: path.dirname(file), fallbackName: path.basename(file).replace(/\.[^.]+$/, '') };
  }
  if (options.preset) {
    let preset: Record<string, unknown>;
    try {
      preset = getPreset(options.preset) as unknown as Record<string, unknown>;
    } catch (err) {
      throw asUsageError('run', '--preset', err);
    }
    return { raw: preset, source: `preset '${options.preset}'`, baseDir: process.cwd(), fallbackName: options.preset };
  }
  const stored = resultsPaths(options.out).config;
  if (options.resume && fs.existsSync(stored)) {
    const raw = readJsonFile(stored) as Record<string, unknown>;
    return { raw, source: stored, baseDir: path.dirname(stored), fallbackName: String(raw.name ?? 'run') };
  }
  if (options.resume) usage('run', `--resume without --config or --preset needs ${stored}, which does not exist (give the config again, or the --out of an earlier run)`);
  usage('run', 'no experiment given (use --config FILE or --preset NAME; `spectral presets` lists the presets)');
}

/** Creates the directory and checks it is writable, or is a results directory of the same config. */
function prepareDirectory(dir: string, config: ResolvedConfig): { resumed: boolean } {
  const paths = resultsPaths(dir);
  try {
    fs.mkdirSync(paths.root, { recursive: true });
    const probe = path.join(paths.root, `.write-probe-${process.pid}`);
    fs.writeFileSync(probe, '');
    fs.rmSync(probe);
  } catch (err) {
    usage('run', `cannot write to the output directory ${paths.root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (choose a writable --out directory)`);
  }
  if (fs.existsSync(paths.config)) {
    let stored: unknown;
    try {
      stored = readJsonFile(paths.config);
    } catch (err) {
      usage('run', `${paths.config} cannot be read back (${(err as Error).message}); use a new --out directory`);
    }
    const diffs = configDifferences(stored, config);
    if (diffs.length > 0) {
      const shown = diffs.slice(0, 3).join('; ');
      usage(
        'run',
        `${paths.root} holds results of a different config (${shown}${diffs.length > 3 ? `; and ${diffs.length - 3} more` : ''}). Resuming would mix two experiments: use a new --out directory, or rerun with the directory's own config (spectral run --out ${dir} --resume).`,
      );
    }
    return { resumed: true };
  }
  const entries = fs.readdirSync(paths.root).filter((n) => !n.startsWith('.'));
  if (entries.length > 0) {
    usage('run', `${paths.root} is not empty and is not a results directory (no config.json); choose a new or empty --out directory`);
  }
  writeJsonAtomic(paths.config, config);
  return { resumed: false };
}

interface SessionInfo {
  startedAt: string;
  started: number;
  backend: BackendName;
  workers: number;
}

/** Computes the summary from every record on disk (results.summarize, whose group statistics are pruning's and topology's) and the phase transition. */
export function buildSummary(config: ResolvedConfig, records: TrialRecord[], session: SessionInfo, unitsRun: number, previous?: Summary): Summary {
  const units = planUnits(config);
  const have = new Set(records.map((r) => r.id));
  const unitsFinished = units.filter((u) => u.trialIds.every((id) => have.has(id))).length;
  const wallNow = (Date.now() - session.started) / 1000;
  const sessions = [...(previous?.sessions ?? []).filter((s) => s.startedAt !== session.startedAt)];
  sessions.push({ startedAt: session.startedAt, wallSeconds: wallNow, backend: session.backend, workers: session.workers, unitsRun });
  const trialsTotal = config.teachers.length * config.students.hidden.length * config.students.variants.length * config.trials;
  const summary = summarize(
    records,
    {
      backend: session.backend,
      workers: session.workers,
      wallSeconds: sessions.reduce((s, x) => s + x.wallSeconds, 0),
      startedAt: sessions[0].startedAt,
      finishedAt: new Date().toISOString(),
      versions: { 'spectral-ts': VERSION, tfjs: tfjsVersion(), node: process.versions.node },
      trialsTotal,
      teacherWeightsFiles: config.teachers.map((_, i) => resultsPaths('.').teacherRelative(i)),
    },
    { variants: config.students.variants },
  );
  const byKey = new Map(groupRecords(records).map((rs) => [groupKey(rs[0].teacher.index, rs[0].variant, rs[0].hidden), rs]));
  const recordsOf = (g: GroupSummary) => byKey.get(groupKey(g.teacher.index, g.variant, g.hidden)) ?? [];
  const phaseGroups = summary.groups.map((g) => ({
    variant: g.variant,
    teacherIndex: g.teacher.index,
    teacherSize: g.teacher.size,
    hidden: g.hidden,
    trials: recordsOf(g).filter((r) => r.status === 'ok'),
  }));
  if (phaseGroups.some((g) => g.trials.some((t) => t.pruning))) {
    try {
      summary.phaseTransition = pruning.summarizePhaseTransition(phaseGroups, { primaryVariant: config.students.variants[0] });
    } catch (err) {
      summary.warnings = [...(summary.warnings ?? []), `phase transition not computed: ${(err as Error).message}`];
    }
  }
  summary.name = config.name;
  summary.unitsTotal = units.length;
  summary.unitsFinished = unitsFinished;
  summary.complete = records.length === trialsTotal;
  summary.sessions = sessions;
  return summary;
}

/**
 * Writes a finished unit into the results directory: weights first, then the records that point to them (the caller
 * writes the summary after): a crash between any two writes leaves either a finished unit or one that is redone whole.
 */
export function writeUnitResult(dir: string, result: UnitResult): void {
  const paths = resultsPaths(dir);
  for (const [id, net] of Object.entries(result.weights)) writeJsonAtomic(path.join(paths.root, `weights/${id}.json`), net);
  for (const r of result.records) writeJsonAtomic(paths.trial(r.id), r);
}

/** Runs (or resumes) an experiment into `options.out`. Throws UsageError on bad input; trial failures are results. */
export async function runExperiment(options: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date().toISOString();
  const started = Date.now();
  if (!options.out) usage('run', 'no output directory (give --out DIR)');
  const queueTarget = options.queue !== undefined ? parseRedisUrl(options.queue) : undefined;
  if (queueTarget && options.workers !== undefined) {
    usage('run', '--workers has no effect with --queue (give each `spectral worker` its --concurrency instead)');
  }
  if (queueTarget) await probeRedis(queueTarget);
  const cliPlugins = await loadPlugins(options.plugins ?? [], process.cwd(), '--plugin');
  const { raw, source, baseDir, fallbackName } = rawConfig(options);
  const parsed = parseConfig(applyOverrides(raw, { ...options, plugins: undefined }), source);
  const configPlugins = await loadPlugins(parsed.plugins, baseDir, source);
  const plugins = [...new Set([...configPlugins, ...cliPlugins])];

  let backend: BackendName;
  try {
    backend = await resolveBackend(parsed.execution.backend);
  } catch (err) {
    throw asUsageError('run', 'execution.backend (--backend)', err);
  }
  const config = resolveConfig(parsed, backend, fallbackName, plugins);
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 1)) {
    usage('run', `--workers must be a positive integer, got ${options.workers} (e.g. --workers 2)`);
  }
  // The batched program spreads over every core by itself; the other engines are single-threaded: one worker per core.
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  // With a queue, the workers are counted as their results arrive.
  const workers = queueTarget ? 0 : (options.workers ?? (engineBatchesTrials(config.training.engine) ? 1 : cores));

  const paths = resultsPaths(options.out);
  prepareDirectory(options.out, config);
  await selectBackend(backend);
  for (const d of [paths.trialsDir, paths.weightsDir, paths.teachersDir, paths.root]) removeTemporaryFiles(d);

  const scan = readTrialRecords(options.out, { invalid: 'collect' });
  const records = new Map(scan.records.map((r) => [r.id, r]));
  const units = planUnits(config);
  const planned = new Set(units.flatMap((u) => u.trialIds));
  for (const id of records.keys()) if (!planned.has(id)) records.delete(id);
  const pending = units.filter((u) => !u.trialIds.every((id) => records.has(id)));

  config.teachers.forEach((_, i) => {
    const net = teacherContext(config, i).teacher.network;
    if (net && !fs.existsSync(path.join(paths.root, paths.teacherRelative(i)))) writeJsonAtomic(path.join(paths.root, paths.teacherRelative(i)), net);
  });

  let previous: Summary | undefined;
  if (fs.existsSync(paths.summary)) {
    try {
      previous = readJsonFile(paths.summary) as Summary;
    } catch {
      previous = undefined;
    }
  }
  const session: SessionInfo = { startedAt, started, backend, workers };
  const progress: ProgressSink = createProgress(options.progress ?? defaultProgressMode({}), options.io);
  const trialsTotal = units.reduce((s, u) => s + u.trials.length, 0);
  const doneTrials = () => units.filter((u) => u.trialIds.every((id) => records.has(id))).reduce((s, u) => s + u.trials.length, 0);
  progress.start({ trialsTotal, trialsDone: doneTrials(), units: pending.length, backend, workers, dir: paths.root });

  const writeSummary = (unitsRun: number): Summary => {
    const all = [...records.values()];
    const summary = buildSummary(config, all, session, unitsRun, previous);
    writeJsonAtomic(paths.summary, summary);
    writeCsvFiles(options.out, summary, all);
    return summary;
  };

  // Ctrl-C: every file on disk is already complete (atomic writes), so stop at once; restore the terminal first.
  const onInterrupt = () => {
    progress.stop();
    process.stderr.write(`\nspectral run: interrupted; finished units are saved. Rerun the same command to continue.\n`);
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let unitsRun = 0;
  const unitErrors: RunOutcome['unitErrors'] = [];
  // Longest units first, so that several workers finish together; it never changes what a unit computes.
  const batchOf = (u: UnitSpec) => strategyOptionsFor(config, u.variant).batchSize ?? 300;
  const order = workers > 1 || queueTarget ? [...pending].sort((a, b) => unitCost(config, b, batchOf(b)) - unitCost(config, a, batchOf(a))) : pending;
  const queueWorkers = new Set<string>();
  const run = (todo: UnitSpec[], cb: PoolCallbacks) =>
    queueTarget
      ? runUnitsOnQueue(config, todo, cb, {
          target: queueTarget,
          queueName: options.queueName ?? DEFAULT_QUEUE_NAME,
          fingerprint: fingerprintRun(config, plugins),
          finished: units.filter((u) => !pending.includes(u)).map((u) => u.id),
          signal: options.signal,
          onWorker: (w) => {
            queueWorkers.add(w);
            session.workers = queueWorkers.size;
          },
          message: (text) => progress.message(text),
        })
      : runUnits(config, todo, cb, { workers, backend, plugins, signal: options.signal });
  if (queueTarget) {
    progress.message(`  ${pending.length} unit(s) on the queue '${options.queueName ?? DEFAULT_QUEUE_NAME}' at ${queueTarget.display}; start workers with: spectral worker --queue URL`);
  }
  try {
    await run(
      order,
      {
        onStart: (unit) => progress.unitStarted(unit),
        onProgress: (p) => progress.unitProgress(p),
        onResult: (unit, result) => {
          writeUnitResult(options.out, result);
          for (const r of result.records) records.set(r.id, r);
          unitsRun++;
          writeSummary(unitsRun);
          const failed = result.records.filter((r) => r.status !== 'ok').length;
          progress.unitFinished(unit, { ok: result.records.length - failed, failed, seconds: result.wallSeconds });
        },
        onError: (unit, message) => {
          unitErrors.push({ unit: unit.id, message });
          progress.unitError(unit, message);
        },
      },
    );
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    progress.stop();
  }
  const summary = writeSummary(unitsRun);
  const exitCode = summary.trialsFailed > 0 || unitErrors.length > 0 || !summary.complete ? EXIT.failed : EXIT.ok;
  return { dir: paths.root, summary, exitCode, unitsRun, unitErrors };
}
