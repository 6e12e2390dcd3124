/**
 * cli/run-experiment: `spectral run` as a function. Loads plugins and the config, resolves it, prepares (or
 * resumes) the results directory, runs the units that are not finished, and writes every file atomically: each
 * trial's weights then its record as its unit finishes, then the summary and CSV tables. A run killed at any moment
 * resumes to the same summary, because a unit is redone whole unless all its trial records exist. Units are claimed
 * before they start (./claimed-units), so any number of processes, on one machine or many, can share one directory.
 */
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveBackend, selectBackend, type BackendName } from '@spectral-ts/spectral';
import {
  readJsonFile,
  resultsPaths,
  summarize,
  writeCsvFiles,
  writeJsonAtomic,
  type Summary,
  type TrialRecord,
} from '@spectral-ts/results';
import { applyOverrides, parseConfig, readConfigFile, type ConfigOverrides } from './config/load-config';
import { resolveConfig, strategyOptionsFor, type ResolvedConfig } from './config/resolve';
import { writeTrialOutputs } from './trial-outputs';
import { asUsageError, EXIT, FaultError, usage, UsageError } from './errors';
import { loadPlugins } from './plugins';
import { planPool, workerScript } from './pool';
import { runClaimedUnits } from './claimed-units';
import { ClaimStore } from './claims';
import { fingerprintRun, SPECTRAL_VERSION, type RunFingerprint } from './fingerprint';
import type { PoolCallbacks } from './pool';
import { runUnitsOnQueue } from './queue/coordinator';
import { probeRedis } from './queue/connection';
import { DEFAULT_QUEUE_NAME } from './queue/protocol';
import { parseRedisUrl } from './queue/redis-url';
import { DEFAULT_REDIS_TIMEOUT_S, RedisLostError } from './queue/redis-watch';
import { asOutputError, damagedConfigMessage, prepareRunDirectory } from './run-directory';
import { balancedSlices, parseShard } from './shard';
import { TrialStore } from './trial-store';
import { createProgress, defaultProgressMode, type ProgressIo, type ProgressMode, type ProgressSink } from './progress';
import { sourceShape, teacherContext, type UnitResult } from './run-unit';
import { sourceCount } from './data-source';
import { presetConfig } from './presets';
import { engineBatchesTrials, getStrategy } from '@spectral-ts/training';
import { planUnits, pointConfigs, unitConfig, unitCost, type UnitSpec } from './units';
import { resolveSweep, sweepPoints } from './config/sweep';
import { checkRunLimits } from './run-limits';
import { checkBeforeWriting, removeOwnTemporaryFiles } from './run-checks';

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
  /** Run even when the estimated time or memory is over the soft limits (run-limits). */
  force?: boolean;
  /** Progress display. Default: bars on a TTY, lines otherwise. */
  progress?: ProgressMode;
  /** Stops starting new units (running ones finish and are written). */
  signal?: AbortSignal;
  /** Where progress is written (default stdout / stderr). */
  io?: ProgressIo;
  /** Train only this slice of the units: 'K/N' or 'auto' (the job array's task index; see ./shard). */
  shard?: string;
  /** The number of slices for --shard auto where the environment does not say it (Kubernetes). */
  shardCount?: number;
  /** Seconds after which a claim whose heartbeat stopped (its process died) is retaken. */
  claimTimeout?: number;
  /** Check the config and prepare the directory, then stop (what `spectral slurm` does before submitting). */
  prepareOnly?: boolean;
  /** Train on `spectral worker` processes through this Redis queue (redis://[:PASSWORD@]HOST:PORT[/DB]). */
  queue?: string;
  /** The queue's name in Redis (default 'units'); the workers must be given the same one. */
  queueName?: string;
  /** Seconds Redis may stay unreachable mid-run before the run stops (default 60; needs `queue`). */
  redisTimeout?: number;
}

export interface RunOutcome {
  dir: string;
  summary: Summary;
  /** 0: every trial finished ok; 1: some trials failed or some units errored. */
  exitCode: number;
  unitsRun: number;
  unitErrors: { unit: string; message: string }[];
}

const VERSION = SPECTRAL_VERSION;
/** How often a run rebuilds the intermediate summary while units remain (ms); the final one is always written. */
const SUMMARY_INTERVAL_MS = 5000;

function tfjsVersion(): string {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('@tensorflow/tfjs/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** Loads the raw config from --config, --preset, or (resuming) the directory's config.json. */
function rawConfig(options: RunOptions): {
  raw: Record<string, unknown>;
  source: string;
  baseDir: string;
  fallbackName: string;
  fromDir?: boolean;
} {
  if (options.config && options.preset) usage('run', 'both --config and --preset were given (use one of them)');
  if (options.config) {
    const file = path.resolve(options.config);
    const raw = readConfigFile(file);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      usage(
        'config',
        `${file} must hold a mapping of config keys (e.g. 'trials: 3'), not ${JSON.stringify(raw)} (see \`spectral schema\`)`,
      );
    }
    return {
      raw: raw as Record<string, unknown>,
      source: file,
      baseDir: path.dirname(file),
      fallbackName: path.basename(file).replace(/\.[^.]+$/, ''),
    };
  }
  if (options.preset) {
    let preset: Record<string, unknown>;
    try {
      preset = presetConfig(options.preset);
    } catch (err) {
      throw asUsageError('run', '--preset', err);
    }
    return { raw: preset, source: `preset '${options.preset}'`, baseDir: process.cwd(), fallbackName: options.preset };
  }
  const stored = resultsPaths(options.out).config;
  if (options.resume && fs.existsSync(stored)) {
    let raw: Record<string, unknown>;
    try {
      raw = readJsonFile(stored) as Record<string, unknown>;
    } catch (err) {
      usage('run', damagedConfigMessage(options.out, (err as Error).message));
    }
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      usage('run', damagedConfigMessage(options.out, 'not a JSON object'));
    return {
      raw,
      source: stored,
      baseDir: path.dirname(stored),
      fallbackName: String(raw.name ?? 'run'),
      fromDir: true,
    };
  }
  if (options.resume)
    usage(
      'run',
      `--resume without --config or --preset needs ${stored}, which does not exist (give the config again, or the --out of an earlier run)`,
    );
  usage('run', 'no experiment given (use --config FILE or --preset NAME; `spectral presets` lists the presets)');
}

interface SessionInfo {
  /**
   * Which process this is (host, pid, a random token): the entry it rewrites with every summary it writes. Processes
   * started in the same millisecond, as the tasks of a Slurm array can be, share startedAt but not this.
   */
  id: string;
  startedAt: string;
  started: number;
  backend: BackendName;
  workers: number;
}

/** A new session id for this process. */
export function sessionId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** The summary of every record on disk: results' summarize (groups and phase transition) with this run's facts. */
export function buildSummary(
  config: ResolvedConfig,
  records: TrialRecord[],
  session: SessionInfo,
  unitsRun: number,
  previous?: Summary,
): Summary {
  const units = planUnits(config);
  const have = new Set(records.map((r) => r.id));
  const unitsFinished = units.filter((u) => u.trialIds.every((id) => have.has(id))).length;
  const wallNow = (Date.now() - session.started) / 1000;
  const sessions = [...(previous?.sessions ?? []).filter((s) => s.id !== session.id)];
  sessions.push({
    id: session.id,
    startedAt: session.startedAt,
    wallSeconds: wallNow,
    backend: session.backend,
    workers: session.workers,
    unitsRun,
  });
  const trialsTotal = pointConfigs(config).reduce(
    (sum, c) => sum + sourceCount(c) * c.students.hidden.length * c.students.variants.length * c.trials,
    0,
  );
  return summarize(
    records,
    {
      name: config.name,
      backend: session.backend,
      workers: session.workers,
      wallSeconds: sessions.reduce((s, x) => s + x.wallSeconds, 0),
      startedAt: sessions[0].startedAt,
      finishedAt: new Date().toISOString(),
      versions: { 'spectral-ts': VERSION, tfjs: tfjsVersion(), node: process.versions.node },
      trialsTotal,
      teacherWeightsFiles: config.teachers.map((_, i) => resultsPaths('.').teacherRelative(i)),
      unitsTotal: units.length,
      unitsFinished,
      sessions,
      ...(config.sweep ? { sweep: { keys: Object.keys(config.sweep), points: sweepPoints(config.sweep) } } : {}),
    },
    { variants: config.students.variants },
  );
}

/**
 * Writes a finished unit into the results directory and returns its records as written: weights (and the graphs and
 * data `output` asks for) first, then the records that point to them (with the weights' sha256 and the run's
 * fingerprint); the caller writes the summary after. A crash between any two writes leaves either a finished unit or one that is redone whole.
 */
export function writeUnitResult(
  dir: string,
  config: ResolvedConfig,
  result: UnitResult,
  fingerprint: RunFingerprint,
): TrialRecord[] {
  const paths = resultsPaths(dir);
  const hashes = writeTrialOutputs(paths.root, config, result);
  return result.records.map((r) => {
    const record: TrialRecord = { ...r, fingerprint, ...(hashes.has(r.id) ? { weightsSha256: hashes.get(r.id) } : {}) };
    writeJsonAtomic(paths.trial(r.id), record);
    return record;
  });
}

/** Says once, in lines mode, that the run waits for units other processes hold (bars and JSON stay clean). */
function waitingNotice(options: RunOptions, root: string): (units: UnitSpec[]) => void {
  let shown = false;
  return (units) => {
    if (shown || (options.progress ?? defaultProgressMode({})) !== 'lines') return;
    shown = true;
    const err = options.io?.err ?? ((t: string) => process.stderr.write(t));
    err(
      `spectral run: ${units.length} unit(s) are being trained by other processes; waiting for them (spectral status ${root} shows who holds them)\n`,
    );
  };
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
  if (queueTarget && options.shard !== undefined) {
    usage('run', '--shard and --queue do not combine (the queue hands every unit to whichever worker is free)');
  }
  if (options.redisTimeout !== undefined && !queueTarget)
    usage('run', '--redis-timeout has no effect without --queue (it bounds the wait for the Redis of a queue run)');
  if (options.redisTimeout !== undefined && !(options.redisTimeout > 0)) {
    usage('run', `--redis-timeout must be a positive number of seconds, got ${options.redisTimeout} (e.g. 60)`);
  }
  if (queueTarget) await probeRedis(queueTarget);
  const cliPlugins = await loadPlugins(options.plugins ?? [], process.cwd(), '--plugin');
  const { raw, source, baseDir, fallbackName, fromDir } = rawConfig(options);
  const parsed = parseConfig(applyOverrides(raw, { ...options, plugins: undefined }), source);
  const configPlugins = await loadPlugins(parsed.plugins, baseDir, source);
  const plugins = [...new Set([...configPlugins, ...cliPlugins])];

  let backend: BackendName;
  try {
    backend = await resolveBackend(parsed.execution.backend);
  } catch (err) {
    throw asUsageError('run', 'execution.backend (--backend)', err);
  }
  checkRunLimits(parsed, { backend, workers: options.workers, force: options.force });
  const config = resolveConfig(parsed, backend, fallbackName, plugins);
  // Every sweep point is validated (schema and registries) and held to the limits before anything is built or written.
  resolveSweep(config, (at, point) => {
    try {
      checkRunLimits(at, { backend, workers: options.workers, force: options.force });
    } catch (err) {
      if (!(err instanceof UsageError)) throw err;
      const where = `at sweep point ${point.id} ${JSON.stringify(point.values)}`;
      throw new UsageError(err.message.replace(/^cli\/(\w+): /, `cli/$1: ${where}, `));
    }
  });
  checkBeforeWriting(config, options.out, options.io);
  if (options.workers !== undefined && (!Number.isInteger(options.workers) || options.workers < 1)) {
    usage('run', `--workers must be a positive integer, got ${options.workers} (e.g. --workers 2)`);
  }
  // The batched program spreads over every core by itself; the other engines are single-threaded: one worker per core.
  const cores = Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
  const requestedWorkers = options.workers ?? (engineBatchesTrials(config.training.engine) ? 1 : cores);

  const paths = resultsPaths(options.out);
  const fingerprint = fingerprintRun(config, plugins);
  const shard = options.shard === undefined ? undefined : parseShard(options.shard, process.env, options.shardCount);
  if (options.claimTimeout !== undefined && !(options.claimTimeout > 0)) {
    usage(
      'run',
      `--claim-timeout must be a positive number of seconds, got ${options.claimTimeout} (e.g. --claim-timeout 60)`,
    );
  }
  prepareRunDirectory(options.out, config, fingerprint, fromDir === true);
  await selectBackend(backend);
  removeOwnTemporaryFiles(paths);

  const claims = new ClaimStore(paths.claimsDir, {
    staleMs: options.claimTimeout === undefined ? undefined : options.claimTimeout * 1000,
  });
  const store = new TrialStore(options.out, fingerprint.config).refresh();
  const units = planUnits(config);
  const batchOf = (u: UnitSpec) =>
    getStrategy(u.variant, strategyOptionsFor(unitConfig(config, u), u.variant)).config.batchSize;
  const costs = new Map(units.map((u) => [u.id, unitCost(config, u, batchOf(u), sourceShape(config, u.teacherIndex))]));
  const costOf = (u: UnitSpec) => costs.get(u.id)!;
  // A shard's slice is fixed by the config alone (cost-balanced, longest first), whatever is already done.
  const scope = shard ? balancedSlices(units, shard.count, costOf)[shard.index] : units;
  const pending = scope.filter((u) => !store.unitDone(u));
  // The workers that really run (fewer without a built worker script or with fewer pending units): the summary's.
  const pool = planPool(requestedWorkers, pending.length, workerScript());
  // With a queue, the workers are counted as their results arrive.
  const workers = queueTarget ? 0 : pool.workers;

  if (options.prepareOnly) {
    const summary = buildSummary(
      config,
      store.recordsOf(units),
      { id: sessionId(), startedAt, started, backend, workers: 0 },
      0,
    );
    return { dir: paths.root, summary, exitCode: EXIT.ok, unitsRun: 0, unitErrors: [] };
  }
  config.teachers.forEach((_, i) => {
    const net = teacherContext(config, i).teacher?.network;
    if (net && !fs.existsSync(path.join(paths.root, paths.teacherRelative(i))))
      writeJsonAtomic(path.join(paths.root, paths.teacherRelative(i)), net);
  });

  const readPrevious = (): Summary | undefined => {
    try {
      return fs.existsSync(paths.summary) ? (readJsonFile(paths.summary) as Summary) : undefined;
    } catch {
      return undefined;
    }
  };
  const session: SessionInfo = { id: sessionId(), startedAt, started, backend, workers };
  const progress: ProgressSink = createProgress(options.progress ?? defaultProgressMode({}), options.io);
  const trialsTotal = scope.reduce((s, u) => s + u.trials.length, 0);
  const doneTrials = () => scope.filter((u) => store.unitDone(u)).reduce((s, u) => s + u.trials.length, 0);
  progress.start({ trialsTotal, trialsDone: doneTrials(), units: pending.length, backend, workers, dir: paths.root });
  if (pool.note && !queueTarget) progress.message(`spectral run: ${pool.note}`);

  // Every process on the directory rebuilds the summary from every verified record, one at a time under a lock;
  // whoever finishes the last unit writes the complete one.
  const writeSummary = (unitsRun: number): Promise<Summary> =>
    claims.withClaim('summary', () => {
      const all = store.refresh().recordsOf(units);
      const summary = buildSummary(config, all, session, unitsRun, readPrevious());
      writeJsonAtomic(paths.summary, summary);
      writeCsvFiles(options.out, summary, all);
      return summary;
    });

  // Ctrl-C: every file on disk is already complete (atomic writes), so stop at once; restore the terminal first.
  const onInterrupt = () => {
    progress.stop();
    claims.close();
    process.stderr.write(
      `\nspectral run: interrupted; finished units are saved. Rerun the same command to continue.\n`,
    );
    process.exit(130);
  };
  process.once('SIGINT', onInterrupt);
  let unitsRun = 0;
  let lastSummaryAt = 0;
  const unitErrors: RunOutcome['unitErrors'] = [];
  // Longest units first, so that several workers finish together; it never changes what a unit computes.
  const order = workers > 1 || queueTarget ? [...pending].sort((a, b) => costOf(b) - costOf(a)) : pending;
  const queueWorkers = new Set<string>();
  const run = (todo: UnitSpec[], cb: PoolCallbacks) =>
    queueTarget
      ? runUnitsOnQueue(config, todo, cb, {
          target: queueTarget,
          queueName: options.queueName ?? DEFAULT_QUEUE_NAME,
          fingerprint,
          claims,
          store,
          finished: units.filter((u) => store.unitDone(u)).map((u) => u.id),
          redisTimeoutMs: (options.redisTimeout ?? DEFAULT_REDIS_TIMEOUT_S) * 1000,
          signal: options.signal,
          onWaiting: waitingNotice(options, paths.root),
          onWorker: (w) => {
            queueWorkers.add(w);
            session.workers = queueWorkers.size;
          },
          message: (text) => progress.message(text),
        })
      : runClaimedUnits(config, todo, cb, {
          workers,
          backend,
          plugins,
          signal: options.signal,
          claims,
          store,
          onWaiting: waitingNotice(options, paths.root),
        });
  if (queueTarget && pending.length > 0) {
    progress.message(
      `  ${pending.length} unit(s) on the queue '${options.queueName ?? DEFAULT_QUEUE_NAME}' at ${queueTarget.display}; start workers with: spectral worker --queue URL`,
    );
  }
  try {
    await run(order, {
      onStart: (unit) => progress.unitStarted(unit),
      onProgress: (p) => progress.unitProgress(p),
      onResult: async (unit, result) => {
        for (const record of writeUnitResult(options.out, unitConfig(config, unit), result, fingerprint))
          store.add(record);
        unitsRun++;
        // Rebuilding the summary reads every record: at most every few seconds while units remain, so that many
        // processes finishing small units do not queue on its lock.
        const allDone = scope.every((u) => store.unitDone(u));
        if (allDone || Date.now() - lastSummaryAt >= SUMMARY_INTERVAL_MS) {
          lastSummaryAt = Date.now();
          await writeSummary(unitsRun);
        }
        const failed = result.records.filter((r) => r.status !== 'ok').length;
        progress.unitFinished(unit, { ok: result.records.length - failed, failed, seconds: result.wallSeconds });
      },
      onError: (unit, message) => {
        unitErrors.push({ unit: unit.id, message });
        progress.unitError(unit, message);
      },
    });
  } catch (err) {
    if (err instanceof RedisLostError && queueTarget) {
      // What was written stays a consistent, resumable directory: its summary says which units are missing.
      const summary = await writeSummary(unitsRun).catch(() => undefined);
      const have = summary ? `${summary.unitsFinished} of ${summary.unitsTotal} units` : 'the finished units';
      throw new FaultError(
        `cli/queue: lost the Redis at ${queueTarget.display} mid-run: ${err.message}; ${have} are in ` +
          `${paths.root}: start Redis again and rerun the same command to continue (--redis-timeout waits longer)`,
      );
    }
    throw asOutputError(err);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    progress.stop();
    claims.close();
  }
  const summary = await writeSummary(unitsRun).catch((err) => {
    throw asOutputError(err);
  });
  claims.close();
  // A shard answers for its own slice; a plain run for the whole directory.
  const mine = store.recordsOf(scope);
  const failed = shard ? mine.filter((r) => r.status !== 'ok').length : summary.trialsFailed;
  const complete = shard ? scope.every((u) => store.unitDone(u)) : summary.complete;
  const exitCode = failed > 0 || unitErrors.length > 0 || !complete ? EXIT.failed : EXIT.ok;
  return { dir: paths.root, summary, exitCode, unitsRun, unitErrors };
}
