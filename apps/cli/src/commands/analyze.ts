/**
 * cli/commands/analyze: `spectral analyze FILE`: the node scores, effective size and, when a teacher and test set are
 * known, the pruning curve, n* and the topology comparison of one trained network. A weights file inside a results
 * directory takes its teacher and test set from that directory's config.json.
 */
import { layerSizes, nodeScores, type NetworkWeights } from '@spectral-ts/spectral';
import * as pruning from '@spectral-ts/pruning';
import * as topology from '@spectral-ts/topology';
import { averageDimensionPerTrial, readJsonFile, resultsPaths } from '@spectral-ts/results';
import { parseConfig } from '../config/load-config';
import { resolveConfig, type ResolvedConfig } from '../config/resolve';
import { asUsageError, usage } from '../errors';
import { teacherContext } from '../run-unit';
import { loadNetwork, resultsDirOf } from './load-network';

export interface AnalyzeOptions {
  /** Results directory whose config gives the teacher and test set (default: the one the file lies in). */
  results?: string;
  /** Teacher index in that config. Default 0. */
  teacher?: number;
  ranking?: string;
}

export interface AnalyzeReport {
  file: string;
  layerSizes: number[];
  scores: number[];
  /** Nodes with score >= 0.05 of the maximum (method spec §5.2). */
  averageDimension: number;
  pruning?: pruning.TrialPruningResult;
  /** The score-cutoff survivors against the teacher (method spec §5.4). */
  topology?: topology.TrialTopology;
  /** The same network unpruned (every neuron) against the teacher, as a results directory's `topologyFull`. */
  topologyFull?: topology.TrialTopology;
}

/** Loads a results directory's config as a ResolvedConfig (for commands that recompute its teacher/test set). */
export function loadResultsConfig(dir: string): ResolvedConfig {
  const raw = readJsonFile(resultsPaths(dir).config) as Record<string, unknown>;
  const parsed = parseConfig(raw, resultsPaths(dir).config);
  const backend = (raw.execution as { backend?: string } | undefined)?.backend ?? 'cpu';
  return resolveConfig(parsed, backend as ResolvedConfig['execution']['backend'], String(raw.name ?? 'run'), parsed.plugins);
}

export async function analyzeNetwork(file: string, options: AnalyzeOptions = {}): Promise<AnalyzeReport> {
  const net: NetworkWeights = await loadNetwork(file, 'analyze');
  const first = net.layers[0];
  const scores = nodeScores(first);
  const report: AnalyzeReport = {
    file,
    layerSizes: layerSizes(net),
    scores,
    averageDimension: averageDimensionPerTrial(scores),
  };
  const dir = options.results ?? resultsDirOf(file);
  if (!dir) return report;
  const config = loadResultsConfig(dir);
  const index = options.teacher ?? 0;
  if (!(Number.isInteger(index) && index >= 0 && index < config.teachers.length)) {
    usage('analyze', `--teacher ${index} is not a teacher of ${dir} (it has ${config.teachers.length}; use 0..${config.teachers.length - 1})`);
  }
  const ctx = teacherContext(config, index);
  try {
    report.pruning = pruning.analyzePruning(net, ctx.testSet, { ranking: options.ranking ?? config.pruning.ranking ?? 'auto', teacherSize: ctx.ref.size });
    if (ctx.teacher.network) {
      ctx.topologyRef ??= topology.prepareTeacher(ctx.teacher.network);
      report.topology = topology.analyzeTopology(net, ctx.topologyRef, { view: 'pruned', betweenness: false });
      report.topologyFull = topology.analyzeTopology(net, ctx.topologyRef, { view: 'full', betweenness: false });
    }
  } catch (err) {
    throw asUsageError('analyze', file, err);
  }
  return report;
}
