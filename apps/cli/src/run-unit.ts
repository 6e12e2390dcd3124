/**
 * cli/run-unit: computes one unit of work: builds the teacher, test set, each trial's data and initial student from
 * the resolved config (all seeded), trains the unit's trials together, then evaluates, prunes and analyses every
 * trained student into a TrialRecord. Pure given (config, unit): it writes nothing, so it can run in a worker thread
 * (or, later, on another machine) and the caller owns the results directory.
 */
import { meanSquaredError, nodeScores, type NetworkWeights, type SpectralLayerWeights } from '@spectral-ts/spectral';
import * as pruning from '@spectral-ts/pruning';
import * as topology from '@spectral-ts/topology';
import {
  buildPaperStudentFor, createTeacher, deriveSeed, labelVariance, makeTestSet, makeTrialData, studentSeed, type Dataset, type Teacher,
} from '@spectral-ts/teacher-student';
import { trainTrials, type EpochProgress, type TrialResult } from '@spectral-ts/training';
import { averageDimensionPerTrial, RESULTS_SCHEMA_VERSION, type TeacherRef, type TrialRecord } from '@spectral-ts/results';
import { strategyOptionsFor, type ResolvedConfig } from './config/resolve';
import type { UnitSpec } from './units';

/** What a unit reports while it trains: after every epoch, the mean training loss of its running trials. */
export interface UnitProgress {
  unitId: string;
  epoch: number;
  epochs: number;
  loss: number | null;
  diverged: number;
}

/** The outcome of a unit: one record per trial, and the trained weights of the ok ones. */
export interface UnitResult {
  unitId: string;
  records: TrialRecord[];
  weights: Record<string, NetworkWeights>;
  wallSeconds: number;
}

interface TeacherContext {
  teacher: Teacher;
  testSet: Dataset;
  ref: TeacherRef;
  topologyRef?: topology.TeacherReference;
}

// A worker computes many units of one config: build each teacher's test set and path reference once per process.
const teacherCache = new Map<string, TeacherContext>();

/** The teacher, test set and TeacherRef of teacher `index` (cached per process). */
export function teacherContext(config: ResolvedConfig, index: number): TeacherContext {
  const key = JSON.stringify([config.teachers[index], config.data]);
  let ctx = teacherCache.get(key);
  if (!ctx) {
    const teacher = createTeacher(config.teachers[index]);
    const testSet = makeTestSet(teacher, config.data);
    const ref: TeacherRef = { index, kind: teacher.kind, hidden: [...teacher.hidden], size: teacher.size, labelVariance: labelVariance(testSet) };
    ctx = { teacher, testSet, ref };
    teacherCache.set(key, ctx);
  }
  return ctx;
}

/** Every trial of a unit shares one shuffle stream family: deriveSeed(seed, 'shuffle', teacher, N1, trial). */
export function shuffleSeed(config: ResolvedConfig, unit: UnitSpec, trial: number): number {
  return deriveSeed(config.seed, 'shuffle', unit.teacherIndex, unit.hidden, trial);
}

function finite(history: TrialResult['history']): TrialRecord['history'] {
  return history
    .filter((h) => Number.isFinite(h.trainLoss))
    .map((h) => ({
      epoch: h.epoch,
      loss: h.trainLoss,
      ...(Number.isFinite(h.trainMse) ? { trainMse: h.trainMse } : {}),
      ...(h.valMse !== null && Number.isFinite(h.valMse) ? { valMse: h.valMse } : {}),
    }));
}

function mse(net: NetworkWeights, data: Dataset): number {
  return meanSquaredError(net, data.x, data.y, data.rows);
}

/** What `analyse` adds to a trial record. */
type Analyses = Pick<TrialRecord, 'pruning' | 'topology' | 'topologyFull'>;

/**
 * The analyses of a trained student; an exception here fails the trial with its message as the reason. The topology
 * is recorded in the view method spec §5.4 compares (pruned for spectral-type students, full for direct ones) and, for
 * a pruned view, also unpruned in `topologyFull`.
 */
function analyse(config: ResolvedConfig, ctx: TeacherContext, variant: string, weights: NetworkWeights): Analyses {
  const out: Analyses = {};
  if (config.pruning.enabled) {
    const tolerance = config.pruning.tolerance !== undefined ? config.pruning.tolerance * ctx.ref.labelVariance : undefined;
    const p = pruning.analyzePruning(weights, ctx.testSet, {
      ...(config.pruning.ranking ? { ranking: config.pruning.ranking } : {}),
      ...(tolerance !== undefined ? { tolerance } : {}),
      teacherSize: ctx.ref.size,
    });
    out.pruning = p;
  }
  if (config.topology.enabled && ctx.teacher.network) {
    ctx.topologyRef ??= topology.prepareTeacher(ctx.teacher.network);
    // method spec §5.4: the spectral student is compared pruned (score cutoff 0.05), the direct one in full.
    const view = variant === 'direct' ? 'full' : 'pruned';
    const options = { betweenness: false };
    out.topology = topology.analyzeTopology(weights, ctx.topologyRef, { ...options, view });
    // The unpruned view of the same student as well (issue 5 item 4): next to the pruned and the direct numbers it shows
    // what pruning does; the switched-off nodes' near-zero paths put the unpruned spectral student far from the teacher.
    if (view === 'pruned') out.topologyFull = topology.analyzeTopology(weights, ctx.topologyRef, { ...options, view: 'full' });
  }
  return out;
}

/** Trains and analyses a unit. `onProgress` is called after every epoch. */
export async function runUnit(config: ResolvedConfig, unit: UnitSpec, onProgress?: (p: UnitProgress) => void): Promise<UnitResult> {
  const started = Date.now();
  const ctx = teacherContext(config, unit.teacherIndex);
  const inputs = unit.trials.map((trial) => {
    const data = makeTrialData(ctx.teacher, config.data, trial);
    const seed = studentSeed(config.seed, unit.hidden, trial);
    return { trial, seed, data, initial: buildPaperStudentFor(ctx.teacher, unit.hidden, seed) };
  });
  const result = await trainTrials({
    trials: inputs.map((t) => ({ initial: t.initial, train: t.data.train, validation: t.data.validation.rows > 0 ? t.data.validation : undefined, shuffleSeed: shuffleSeed(config, unit, t.trial) })),
    strategy: unit.variant,
    strategyOptions: strategyOptionsFor(config, unit.variant),
    epochs: config.training.epochs,
    engine: config.training.engine,
    onEpoch: onProgress
      ? (p: EpochProgress) => {
          const losses = p.trials.filter((t) => t.status === 'ok' && Number.isFinite(t.trainLoss)).map((t) => t.trainLoss);
          onProgress({
            unitId: unit.id,
            epoch: p.epoch,
            epochs: p.epochs,
            loss: losses.length ? losses.reduce((a, b) => a + b, 0) / losses.length : null,
            diverged: p.trials.length - losses.length,
          });
        }
      : undefined,
  });
  const wallSeconds = (Date.now() - started) / 1000;
  const records: TrialRecord[] = [];
  const weights: Record<string, NetworkWeights> = {};
  result.trials.forEach((trained, k) => {
    const input = inputs[k];
    const id = unit.trialIds[k];
    const base = {
      schemaVersion: RESULTS_SCHEMA_VERSION,
      id,
      unitId: unit.id,
      teacher: ctx.ref,
      variant: unit.variant,
      hidden: unit.hidden,
      trial: input.trial,
      seed: input.seed,
      backend: result.backend,
      engine: result.engine,
      strategy: { ...result.config, l2: { ...result.config.l2 } },
      // The unit's wall time shared equally: its trials ran as one program.
      wallSeconds: wallSeconds / unit.trials.length,
      epochs: trained.epochsRun,
      steps: trained.steps,
      history: finite(trained.history),
    };
    const failed = (reason: string, status: 'failed' | 'diverged' = 'failed'): TrialRecord => {
      const layer = trained.weights.layers[0];
      const scores = layer ? nodeScores(layer) : [];
      const ok = scores.every(Number.isFinite);
      return {
        ...base,
        status,
        reason,
        trainMse: -1,
        validationMse: -1,
        testMse: -1,
        eigenvalues: ok && layer?.kind === 'spectral' ? [...(layer as SpectralLayerWeights).lambdaOut] : [],
        scores: ok ? scores : [],
        averageDimensionPerTrial: 0,
      };
    };
    if (trained.status !== 'ok') {
      records.push(failed(`diverged: ${trained.message ?? 'the loss became NaN or infinite'}`, 'diverged'));
      return;
    }
    const net = trained.weights;
    const layer = net.layers[0];
    const scores = nodeScores(layer);
    const metrics = { trainMse: mse(net, input.data.all), validationMse: input.data.validation.rows > 0 ? mse(net, input.data.validation) : -1, testMse: mse(net, ctx.testSet) };
    const bad = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
    if (bad || !scores.every(Number.isFinite)) {
      const what = bad ? `${bad[0]} is ${bad[1]}` : 'a node score is not finite';
      records.push(failed(`diverged: ${what} after training (lower the learning rate)`, 'diverged'));
      return;
    }
    let analyses: Analyses;
    try {
      analyses = analyse(config, ctx, unit.variant, net);
    } catch (err) {
      records.push(failed(`analysis failed: ${(err as Error).message}`));
      return;
    }
    records.push({
      ...base,
      status: 'ok',
      ...metrics,
      eigenvalues: layer.kind === 'spectral' ? [...layer.lambdaOut] : new Array<number>(scores.length).fill(1),
      scores,
      averageDimensionPerTrial: averageDimensionPerTrial(scores),
      ...analyses,
      ...(config.output.saveWeights ? { weightsFile: `weights/${id}.json` } : {}),
    });
    if (config.output.saveWeights) weights[id] = net;
  });
  return { unitId: unit.id, records, weights, wallSeconds };
}
