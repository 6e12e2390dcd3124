/**
 * cli/config/resolve: turns a validated config into the resolved config a run records in DIR/config.json: the
 * teacher list with every default filled in (by the teacher registry), the backend and unit size decided, variants
 * and rankings checked against their registries. The resolved config is itself a valid config file, so that
 * `spectral run --config DIR/config.json` repeats a run.
 */
import { createTeacher, type TeacherConfig } from '@spectral-ts/teacher-student';
import * as pruning from '@spectral-ts/pruning';
import {
  CROSS_ENTROPY_ENGINES,
  engineBatchesTrials,
  engineFor,
  getStrategy,
  type EngineName,
  type StrategyOverrides,
} from '@spectral-ts/training';
import type { BackendName } from '@spectral-ts/spectral';
import { asUsageError, usage } from '../errors';
import { classesOf, imageKindOf, imageShape } from '../data-source';
import { hiddenLayerCount, hiddenLayerKind, studentFor } from '../student-for';
import { checkClassifierOutput, checkImageConfig, checkTeacherConfig, classifierRankings } from './image-config';
import type { ExperimentConfig } from './schema';

/** A config with every choice made. */
export interface ResolvedConfig extends Omit<
  ExperimentConfig,
  'teacher' | 'teachers' | 'execution' | 'name' | 'training'
> {
  name: string;
  /** The training settings with 'auto' resolved to the engine the run uses. */
  training: Omit<ExperimentConfig['training'], 'engine'> & { engine: EngineName };
  /**
   * Always a list (a single `teacher:` becomes a list of one), each with every default filled in; empty on image data
   * (data.kind mnist or fashion-mnist), which has no teacher.
   */
  teachers: TeacherConfig[];
  execution: { backend: BackendName; trialsPerUnit: number };
}

/** The strategy overrides of a variant: training.learningRate / batchSize, then training.variants[variant]. */
export function strategyOptionsFor(config: Pick<ExperimentConfig, 'training'>, variant: string): StrategyOverrides {
  const t = config.training;
  const o: StrategyOverrides = {};
  if (t.learningRate !== undefined) o.learningRate = t.learningRate;
  if (t.batchSize !== undefined) o.batchSize = t.batchSize;
  const v = t.variants[variant];
  if (v) {
    if (v.learningRate !== undefined) o.learningRate = v.learningRate;
    if (v.batchSize !== undefined) o.batchSize = v.batchSize;
    if (v.l2) o.l2 = { ...v.l2 };
    if (v.period !== undefined) o.period = v.period;
  }
  return o;
}

/** Values listed more than once (a Set: linear in the list). */
function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** Resolves a validated config for a run on `backend`. `fallbackName` names the run when the config does not. */
export function resolveConfig(
  config: ExperimentConfig,
  backend: BackendName,
  fallbackName: string,
  plugins: string[],
): ResolvedConfig {
  if (config.teacher && config.teachers) {
    usage(
      'config',
      'both teacher and teachers are set (use teacher: for one teacher, or teachers: [...] for a sweep over teachers, not both)',
    );
  }
  const image = imageKindOf(config);
  if (image) checkImageConfig(config, image);
  else checkTeacherConfig(config);
  const rawTeachers: TeacherConfig[] = image ? [] : (config.teachers ?? [config.teacher ?? { kind: 'nn' }]);
  const field = (i: number) => (config.teachers ? `teachers[${i}]` : 'teacher');
  const teachers = rawTeachers.map((t, i) => {
    try {
      return createTeacher(t).describe();
    } catch (err) {
      throw asUsageError('config', field(i), err);
    }
  });

  const dupHidden = duplicates(config.students.hidden);
  if (dupHidden.length)
    usage('config', `students.hidden lists ${dupHidden[0]} more than once (list each width N1 once)`);
  const dupVariants = duplicates(config.students.variants);
  if (dupVariants.length)
    usage('config', `students.variants lists '${dupVariants[0]}' more than once (list each variant once)`);
  config.students.variants.forEach((variant, i) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(variant)) {
      usage(
        'config',
        `students.variants[${i}] = '${variant}' cannot name result files (use letters, digits, '.', '_' and '-')`,
      );
    }
    try {
      getStrategy(variant, strategyOptionsFor(config, variant));
    } catch (err) {
      const where = config.training.variants[variant] ? `training.variants.${variant}` : `students.variants[${i}]`;
      throw asUsageError('config', where, err);
    }
  });
  for (const key of Object.keys(config.training.variants)) {
    if (!config.students.variants.includes(key)) {
      usage(
        'config',
        `training.variants has overrides for '${key}', which is not in students.variants [${config.students.variants.join(', ')}] (fix the name, or add the variant to students.variants)`,
      );
    }
  }
  const hiddenLayers = hiddenLayerCount(config.students, image !== undefined);
  const prunedLayer = config.pruning.layer;
  if (prunedLayer !== undefined && prunedLayer >= hiddenLayers) {
    usage(
      'config',
      `pruning.layer ${prunedLayer} is out of range: the students have ${hiddenLayers} hidden layers (set pruning.layer to 0..${hiddenLayers - 1}, or add layers to students.layers)`,
    );
  }
  if (config.pruning.ranking !== undefined) {
    try {
      pruning.getRanking(config.pruning.ranking);
    } catch (err) {
      throw asUsageError('config', 'pruning.ranking', err);
    }
  }

  // The engine decides how a group's trials are best split: the batched tensor program trains them all in one
  // program that already uses every core; the single-threaded engines (wasm-simd, typed-array) train one trial per
  // unit, one worker thread per core. 'auto' is resolved (on the first teacher's student: the engine depends only on
  // the layer kinds and activations) and recorded, since the engine changes the float32 rounding a resume must repeat.
  // A classifier (image data) trains every layer, its output included.
  const classes = classesOf(config);
  const first = image
    ? studentFor(config.students, imageShape(image), config.students.hidden[0], 0, classes)
    : studentFor(config.students, createTeacher(teachers[0]), config.students.hidden[0], 0);
  if (image) checkClassifierOutput(first, classes!, image);
  if (
    image &&
    config.training.engine !== 'auto' &&
    !(CROSS_ENTROPY_ENGINES as readonly string[]).includes(config.training.engine)
  ) {
    usage(
      'config',
      `training.engine '${config.training.engine}' trains the MSE only, but data.kind '${image}' trains ` +
        'classifiers with softmax cross-entropy ' +
        `(set training.engine to auto or one of ${CROSS_ENTROPY_ENGINES.join(', ')})`,
    );
  }
  const engine =
    config.training.engine === 'auto'
      ? image
        ? engineFor(backend, first, 'spectral', [], 'softmax-cross-entropy')
        : engineFor(backend, first)
      : config.training.engine;
  const per = config.execution.trialsPerUnit;
  // A sweep over trials: the unit size fits the largest point, each point then caps it at its own trial count.
  const sweptTrials = (config.sweep?.trials ?? []).filter((t): t is number => Number.isInteger(t));
  const trials = Math.max(config.trials, ...sweptTrials);
  const trialsPerUnit = per === 'auto' ? (engineBatchesTrials(engine) ? trials : 1) : Math.min(per, trials);
  const { teacher: _t, teachers: _ts, execution: _e, name, ...rest } = config;
  // Image data: the accuracy curves' rankings, decided here and recorded like every other choice.
  const layerKind = image ? hiddenLayerKind(config.students, config.pruning.layer ?? 0, true) : undefined;
  if (layerKind) rest.pruning = { ...rest.pruning, rankings: classifierRankings(config, layerKind) };
  return {
    name: name ?? fallbackName,
    ...rest,
    training: { ...rest.training, engine },
    teachers,
    execution: { backend, trialsPerUnit },
    plugins,
  };
}

/** Keys that do not change what a run computes, so they may differ between a run and its resume. */
export const COSMETIC = new Set(['name', 'description', 'plugins']);

/**
 * The differences that make two resolved configs compute different results, as 'field: stored vs new' strings
 * (empty when a resume is safe).
 */
export function configDifferences(stored: unknown, current: unknown, prefix = ''): string[] {
  const out: string[] = [];
  const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(stored) && isObj(current)) {
    const keys = new Set([...Object.keys(stored), ...Object.keys(current)]);
    for (const key of [...keys].sort()) {
      if (!prefix && COSMETIC.has(key)) continue;
      out.push(...configDifferences(stored[key], current[key], prefix ? `${prefix}.${key}` : key));
    }
    return out;
  }
  if (JSON.stringify(stored) !== JSON.stringify(current)) {
    out.push(
      `${prefix || 'the config'}: ${JSON.stringify(stored) ?? 'absent'} in the directory, ${JSON.stringify(current) ?? 'absent'} now`,
    );
  }
  return out;
}
