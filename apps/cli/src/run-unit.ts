/**
 * cli/run-unit: computes one unit of work: builds the teacher, test set, each trial's data and initial student from
 * the resolved config (all seeded), trains the unit's trials together, then evaluates, prunes and analyses every
 * trained student into a TrialRecord. Pure given (config, unit): it writes nothing, so it can run in a worker thread
 * (or, later, on another machine) and the caller owns the results directory.
 */
import {
  classificationMetrics,
  layerUnits,
  meanSquaredError,
  nodeScores,
  type ClassificationMetrics,
  type NetworkWeights,
  type SpectralLayerWeights,
} from '@spectral-ts/spectral';
import { accuracyCurves } from '@spectral-ts/pruning';
import { makeImageTestSet, makeImageTrialData } from '@spectral-ts/image-datasets';
import * as topology from '@spectral-ts/topology';
import {
  createTeacher,
  deriveSeed,
  labelVariance,
  makeTestSet,
  makeTrialData,
  studentSeed,
  type Dataset,
  type Teacher,
  type TrialData,
} from '@spectral-ts/teacher-student';
import { strategyAnalysis, trainTrials, type EpochProgress, type TrialResult } from '@spectral-ts/training';
import {
  analyzeTrial,
  RESULTS_SCHEMA_VERSION,
  weightsRelative,
  type TeacherRef,
  type TrialAnalyses,
  type TrialAnalysisContext,
  type TrialAnalysisOptions,
  type TrialClassification,
  type TrialRecord,
} from '@spectral-ts/results';
import { strategyOptionsFor, type ResolvedConfig } from './config/resolve';
import { classesOf, dataSizes, imageKindOf, imageShape, type ImageDatasetName } from './data-source';
import { hiddenLayerKind, studentFor } from './student-for';
import { unitConfig, type UnitSpec } from './units';

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
  /** Absent on image data, which has no teacher. */
  teacher?: Teacher;
  /** The input width and hidden sizes the students are built for. */
  shape: { inputDim: number; hidden: readonly number[] };
  /** The image data set (data.kind), when the run trains classifiers on one. */
  image?: ImageDatasetName;
  testSet: Dataset;
  ref: TeacherRef;
  topologyRef?: topology.TeacherReference;
}

// A worker computes many units of one config: build each teacher's test set and path reference once per process.
const teacherCache = new Map<string, TeacherContext>();

/**
 * The data set an image run's records name in place of a teacher: its kind, no hidden layers, size 0 (no h_T), and
 * the variance of its test labels (class indices).
 */
function imageContext(config: ResolvedConfig, image: ImageDatasetName): TeacherContext {
  const testSet = makeImageTestSet(image, dataSizes(config.data));
  const ref: TeacherRef = { index: 0, kind: image, hidden: [], size: 0, labelVariance: labelVariance(testSet) };
  return { shape: imageShape(image), image, testSet, ref };
}

/** The teacher (or image data set), test set and TeacherRef of teacher `index` (cached per process). */
export function teacherContext(config: ResolvedConfig, index: number): TeacherContext {
  const image = imageKindOf(config);
  const key = JSON.stringify([image ?? config.teachers[index], config.data]);
  let ctx = teacherCache.get(key);
  if (!ctx && image) {
    ctx = imageContext(config, image);
    teacherCache.set(key, ctx);
  }
  if (!ctx) {
    const teacher = createTeacher(config.teachers[index]);
    const testSet = makeTestSet(teacher, config.data);
    const ref: TeacherRef = {
      index,
      kind: teacher.kind,
      hidden: [...teacher.hidden],
      size: teacher.size,
      labelVariance: labelVariance(testSet),
    };
    ctx = { teacher, shape: teacher, testSet, ref };
    teacherCache.set(key, ctx);
  }
  return ctx;
}

/** The input width and hidden sizes of source `index`'s students, without loading an image data set. */
export function sourceShape(config: ResolvedConfig, index: number): { inputDim: number; hidden: readonly number[] } {
  const image = imageKindOf(config);
  return image ? imageShape(image) : teacherContext(config, index).shape;
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

/**
 * The test set and teacher a trial of this teacher is analysed against; the teacher's path reference is built once
 * per process, and only when the config runs the topology analysis.
 */
export function analysisContext(config: ResolvedConfig, ctx: TeacherContext): TrialAnalysisContext {
  if (config.topology.enabled && ctx.teacher?.network) ctx.topologyRef ??= topology.prepareTeacher(ctx.teacher.network);
  const { size: teacherSize, labelVariance } = ctx.ref;
  return { testSet: ctx.testSet, teacherSize, labelVariance, teacher: ctx.topologyRef };
}

/**
 * The analyses the config asks for, in the view and with the ranking the variant's strategy declares (method spec
 * §4 and §5.4); the config's pruning.ranking and pruning.tolerance override the defaults.
 */
export function analysisOptions(config: ResolvedConfig, variant: string): TrialAnalysisOptions {
  const declared = strategyAnalysis(variant);
  const classifier = imageKindOf(config) !== undefined;
  return {
    pruning: {
      // A classifier's pruning is its accuracy curves (classificationOf): the MSE analysis needs a teacher.
      enabled: config.pruning.enabled && !classifier,
      ...(config.pruning.ranking !== undefined ? { ranking: config.pruning.ranking } : {}),
      ...(config.pruning.tolerance !== undefined ? { tolerance: config.pruning.tolerance } : {}),
      ...(config.pruning.layer !== undefined ? { layerIndex: config.pruning.layer } : {}),
    },
    topology: { enabled: config.topology.enabled },
    view: declared.pruningView,
    // A strategy declares the ranking of its spectral layers; a dense analysed layer gets pruning's 'auto' instead.
    ...(declared.ranking !== undefined &&
    hiddenLayerKind(config.students, config.pruning.layer ?? 0, classifier) === 'spectral'
      ? { strategyRanking: declared.ranking }
      : {}),
  };
}

/** A trial's data: the teacher's draw, or rows of the image data set. */
export function trialData(config: ResolvedConfig, ctx: TeacherContext, trial: number): TrialData {
  if (ctx.image) return makeImageTrialData(ctx.image, dataSizes(config.data), trial);
  return makeTrialData(ctx.teacher!, config.data, trial);
}

/**
 * A trained classifier's accuracy and cross-entropy (spectral's classificationMetrics: one forward pass per data set)
 * on all its training rows, its held-out rows (when there are any) and the test set.
 */
function classifierScores(net: NetworkWeights, data: TrialData, test: Dataset) {
  const score = (d: Dataset): ClassificationMetrics => classificationMetrics(net, d.x, d.y, d.rows);
  return {
    all: score(data.all),
    validation: data.validation.rows > 0 ? score(data.validation) : null,
    test: score(test),
  };
}

/**
 * What a trained classifier measured: accuracies on every split, the test cross-entropy, and one test-accuracy curve
 * per ranking of pruning.rankings (nodes of pruning.layer removed in ranking order, no retraining).
 */
function classificationOf(
  config: ResolvedConfig,
  ctx: TeacherContext,
  net: NetworkWeights,
  scores: ReturnType<typeof classifierScores>,
  seed: number,
): TrialClassification {
  const layerIndex = config.pruning.layer ?? 0;
  const rankings = config.pruning.rankings ?? [];
  return {
    dataset: ctx.image!,
    classes: classesOf(config)!,
    trainAccuracy: scores.all.accuracy,
    validationAccuracy: scores.validation ? scores.validation.accuracy : null,
    testAccuracy: scores.test.accuracy,
    testCrossEntropy: scores.test.crossEntropy,
    // The random ranking draws from the trial's student seed, so each trial removes its own random order; the
    // rankings share one forward pass through the network.
    accuracyCurves: rankings.length
      ? accuracyCurves(net, ctx.testSet, { rankings, layerIndex, seed }).map((c) => ({
          ranking: c.ranking,
          layerIndex: c.layerIndex,
          units: c.units,
          accuracyPre: c.accuracyPre,
          points: c.points,
        }))
      : [],
  };
}

/** Trains and analyses a unit. `onProgress` is called after every epoch. */
export async function runUnit(
  base: ResolvedConfig,
  unit: UnitSpec,
  onProgress?: (p: UnitProgress) => void,
): Promise<UnitResult> {
  const started = Date.now();
  const config = unitConfig(base, unit);
  const ctx = teacherContext(config, unit.teacherIndex);
  const classes = classesOf(config);
  const inputs = unit.trials.map((trial) => {
    const data = trialData(config, ctx, trial);
    const seed = studentSeed(config.seed, unit.hidden, trial);
    return { trial, seed, data, initial: studentFor(config.students, ctx.shape, unit.hidden, seed, classes) };
  });
  const result = await trainTrials({
    trials: inputs.map((t) => ({
      initial: t.initial,
      train: t.data.train,
      validation: t.data.validation.rows > 0 ? t.data.validation : undefined,
      shuffleSeed: shuffleSeed(config, unit, t.trial),
    })),
    strategy: unit.variant,
    strategyOptions: strategyOptionsFor(config, unit.variant),
    epochs: config.training.epochs,
    engine: config.training.engine,
    // A classifier learns its logits: softmax cross-entropy, every layer trained.
    ...(ctx.image ? { loss: 'softmax-cross-entropy' as const, frozenLayers: [] } : {}),
    onEpoch: onProgress
      ? (p: EpochProgress) => {
          const losses = p.trials
            .filter((t) => t.status === 'ok' && Number.isFinite(t.trainLoss))
            .map((t) => t.trainLoss);
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
  // The analysed hidden layer: its scores and eigenvalues are the record's (method spec §4: the first by default).
  const analysed = config.pruning.layer ?? 0;
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
      ...(config.students.layers
        ? { layers: input.initial.layers.slice(0, -1).map((l) => ({ kind: l.kind, units: layerUnits(l) })) }
        : {}),
      trial: input.trial,
      ...(unit.point ? { point: unit.point.id, sweep: unit.point.values } : {}),
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
      const layer = trained.weights.layers[analysed];
      const scores = layer ? nodeScores(layer) : [];
      const ok = scores.every(Number.isFinite);
      return {
        ...base,
        status,
        reason,
        trainMse: null,
        validationMse: null,
        testMse: null,
        eigenvalues: ok && layer?.kind === 'spectral' ? [...(layer as SpectralLayerWeights).lambdaOut] : [],
        scores: ok ? scores : [],
        averageDimensionPerTrial: null,
      };
    };
    if (trained.status !== 'ok') {
      records.push(failed(`diverged: ${trained.message ?? 'the loss became NaN or infinite'}`, 'diverged'));
      return;
    }
    const net = trained.weights;
    const layer = net.layers[analysed];
    const scores = nodeScores(layer);
    // A classifier's "MSE" fields carry its data loss, the mean cross-entropy (results/types), as its history does.
    const classifier = ctx.image ? classifierScores(net, input.data, ctx.testSet) : undefined;
    const metrics = classifier
      ? {
          trainMse: classifier.all.crossEntropy,
          validationMse: classifier.validation ? classifier.validation.crossEntropy : null,
          testMse: classifier.test.crossEntropy,
        }
      : {
          trainMse: mse(net, input.data.all),
          // null: the run has no validation rows, so nothing was measured
          validationMse: input.data.validation.rows > 0 ? mse(net, input.data.validation) : null,
          testMse: mse(net, ctx.testSet),
        };
    const bad = Object.entries(metrics).find(([, v]) => v !== null && !Number.isFinite(v));
    if (bad || !scores.every(Number.isFinite)) {
      const what = bad ? `${bad[0]} is ${bad[1]}` : 'a node score is not finite';
      records.push(failed(`diverged: ${what} after training (lower the learning rate)`, 'diverged'));
      return;
    }
    let analyses: TrialAnalyses;
    let classification: TrialClassification | undefined;
    try {
      analyses = analyzeTrial(net, analysisContext(config, ctx), analysisOptions(config, unit.variant));
      if (classifier) classification = classificationOf(config, ctx, net, classifier, input.seed);
    } catch (err) {
      records.push(failed(`analysis failed: ${(err as Error).message}`));
      return;
    }
    records.push({
      ...base,
      status: 'ok',
      ...metrics,
      eigenvalues: layer.kind === 'spectral' ? [...layer.lambdaOut] : new Array<number>(scores.length).fill(1),
      ...analyses,
      ...(config.output.saveWeights ? { weightsFile: weightsRelative(id) } : {}),
      ...(classification ? { classification } : {}),
    });
    if (config.output.saveWeights || (config.output.graphs ?? []).length > 0) weights[id] = net;
  });
  return { unitId: unit.id, records, weights, wallSeconds };
}
