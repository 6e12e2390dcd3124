/**
 * cli/commands/analyze: `spectral analyze FILE`: the node scores, effective size and, when a teacher and test set are
 * known, the pruning curve, n* and the topology comparison of one trained network. A weights file inside a results
 * directory takes its teacher, test set, variant and analysis settings from that directory's config.json and trial
 * record, and is analysed by the run's own per-trial analysis (results' analyzeTrial, as run-unit calls it), so its
 * numbers are the stored ones.
 */
import * as path from 'path';
import { layerSizes, nodeScores, type NetworkWeights } from '@spectral-ts/spectral';
import { averageDimension } from '@spectral-ts/pruning';
import type * as topology from '@spectral-ts/topology';
import { analyzeTrial, readJsonFile, readTrialRecords, resultsPaths, type TrialPruning } from '@spectral-ts/results';
import { parseConfig } from '../config/load-config';
import { resolveConfig, type ResolvedConfig } from '../config/resolve';
import { asUsageError, usage } from '../errors';
import { imageKindOf } from '../data-source';
import { loadPlugins } from '../plugins';
import { analysisContext, analysisOptions, teacherContext } from '../run-unit';
import { loadNetwork, resultsDirOf } from './load-network';

export interface AnalyzeOptions {
  /** Results directory whose config gives the teacher and test set (default: the one the file lies in). */
  results?: string;
  /** Teacher index in that config. Default: the trial record's, else 0. */
  teacher?: number;
  /** Variant whose analysis view and ranking apply. Default: the trial record's, else the config's first variant. */
  variant?: string;
  /** Ranking; default the config's pruning.ranking, else the variant's strategy's. */
  ranking?: string;
}

export interface AnalyzeReport {
  file: string;
  layerSizes: number[];
  scores: number[];
  /** Nodes with score >= 0.05 of the maximum (method spec §5.2). */
  averageDimension: number;
  /** The variant whose analysis settings were used (inside a results directory). */
  variant?: string;
  pruning?: TrialPruning;
  /** The view the variant's strategy declares (the score-cutoff survivors, or every neuron for direct students). */
  topology?: topology.TrialTopology;
  /** The same network unpruned (every neuron) against the teacher, next to a pruned `topology`. */
  topologyFull?: topology.TrialTopology;
}

/**
 * Loads a results directory's config as a ResolvedConfig (for commands that recompute its teacher/test set), after
 * loading the plugins it lists, so that a run with plugin teachers, strategies or rankings can be analysed.
 */
export async function loadResultsConfig(dir: string): Promise<ResolvedConfig> {
  const file = resultsPaths(dir).config;
  const raw = readJsonFile(file) as Record<string, unknown>;
  const parsed = parseConfig(raw, file);
  const plugins = await loadPlugins(parsed.plugins, path.dirname(file), file);
  const backend = (raw.execution as { backend?: string } | undefined)?.backend ?? 'cpu';
  return resolveConfig(parsed, backend as ResolvedConfig['execution']['backend'], String(raw.name ?? 'run'), plugins);
}

/** The trial record whose weightsFile is `file`, if `file` lies in `dir`'s weights/. */
function recordOf(dir: string, file: string) {
  const relative = path.relative(resultsPaths(dir).root, path.resolve(file)).split(path.sep).join('/');
  const { records } = readTrialRecords(dir, { invalid: 'collect' });
  return records.find((r) => r.status === 'ok' && r.weightsFile === relative);
}

export async function analyzeNetwork(file: string, options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
  const net: NetworkWeights = await loadNetwork(file, 'analyze');
  const scores = nodeScores(net.layers[0]);
  const report: AnalyzeReport = {
    file,
    layerSizes: layerSizes(net),
    scores,
    averageDimension: scores.some((s) => s > 0) ? averageDimension(scores) : 0,
  };
  const dir = options.results ?? resultsDirOf(file);
  if (!dir) return report;
  const config = await loadResultsConfig(dir);
  // An image run has no teacher to prune or compare against: its accuracy curves are in the trial records.
  if (imageKindOf(config)) return report;
  const record = recordOf(dir, file);
  const index = options.teacher ?? record?.teacher.index ?? 0;
  if (!(Number.isInteger(index) && index >= 0 && index < config.teachers.length)) {
    usage(
      'analyze',
      `--teacher ${index} is not a teacher of ${dir} (it has ${config.teachers.length}; use 0..${config.teachers.length - 1})`,
    );
  }
  const variant = options.variant ?? record?.variant ?? config.students.variants[0];
  if (!config.students.variants.includes(variant)) {
    usage('analyze', `--variant ${variant} is not a variant of ${dir} (it has ${config.students.variants.join(', ')})`);
  }
  const ctx = teacherContext(config, index);
  const settings = analysisOptions(config, variant);
  if (options.ranking) settings.pruning.ranking = options.ranking;
  try {
    const analyses = analyzeTrial(net, analysisContext(config, ctx), settings);
    return {
      ...report,
      // The directory's pruning.layer may analyse another hidden layer than the first: report that layer's scores.
      scores: analyses.scores,
      averageDimension: analyses.averageDimensionPerTrial,
      variant,
      ...(analyses.pruning ? { pruning: analyses.pruning } : {}),
      ...(analyses.topology ? { topology: analyses.topology } : {}),
      ...(analyses.topologyFull ? { topologyFull: analyses.topologyFull } : {}),
    };
  } catch (err) {
    throw asUsageError('analyze', file, err);
  }
}
