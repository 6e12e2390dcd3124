/**
 * results/analyzeTrial: the per-trial analysis a TrialRecord stores, in one place for everything that analyses a
 * trained student (the CLI's units, `spectral analyze`, a notebook): the node scores and average dimension (method
 * spec §5.2), the pruning analysis (method spec §4, n* with the run's tolerance) and the topology against the teacher
 * in the view the variant's strategy declares (method spec §5.4), the pruned view cutting the analysed hidden layer,
 * plus the unpruned view next to a pruned one. It lives here because it is the first package that sees both pruning
 * and topology, and its result is record fields.
 */
import { nodeScores, type NetworkWeights } from '@spectral-ts/spectral';
import { AUTO_RANKING, DEFAULT_LAYER_INDEX, analyzePruning, averageDimension } from '@spectral-ts/pruning';
import type { Dataset } from '@spectral-ts/teacher-student';
import { analyzeTopology, type TeacherReference } from '@spectral-ts/topology';
import type { OkTrialRecord } from './types';

/** What the analysis compares a student against: the test set and the teacher. */
export interface TrialAnalysisContext {
  testSet: Dataset;
  /** h_T. */
  teacherSize: number;
  /** Variance of the test labels: the unit of `pruning.tolerance`. */
  labelVariance: number;
  /** The teacher's paths and strengths (topology's prepareTeacher); without it there is no topology analysis. */
  teacher?: TeacherReference;
}

/** Which analyses run and how; the CLI fills it from the config and the variant's strategy. */
export interface TrialAnalysisOptions {
  pruning: {
    enabled: boolean;
    /** A registered ranking; default the strategy's (`strategyRanking`), else pruning's 'auto'. */
    ranking?: string;
    /** deltaMse tolerance of n* as a fraction of the test-label variance; default pruning's (method spec §9.6). */
    tolerance?: number;
    /** The hidden layer whose node scores, average dimension, pruning curves and n* are computed; default the first. */
    layerIndex?: number;
  };
  topology: { enabled: boolean };
  /** The view the variant's strategy declares (TrainingStrategy.pruningView); default 'pruned'. */
  view?: 'pruned' | 'full';
  /** The ranking the variant's strategy declares (TrainingStrategy.ranking), used when `pruning.ranking` is unset. */
  strategyRanking?: string;
}

/** The fields of a TrialRecord the analysis computes. */
export type TrialAnalyses = Pick<
  OkTrialRecord,
  'scores' | 'averageDimensionPerTrial' | 'pruning' | 'topology' | 'topologyFull'
>;

/**
 * Analyses one trained student. Throws what pruning or topology throw (a caller records the trial as failed with the
 * message). A dead analysed layer (every score 0) has an average dimension of 0: pruning refuses the ratio to a 0 max.
 */
export function analyzeTrial(
  weights: NetworkWeights,
  context: TrialAnalysisContext,
  options: TrialAnalysisOptions,
): TrialAnalyses {
  const layerIndex = options.pruning.layerIndex ?? DEFAULT_LAYER_INDEX;
  const scores = nodeScores(weights.layers[layerIndex]);
  const out: TrialAnalyses = {
    scores,
    averageDimensionPerTrial: scores.some((s) => s > 0) ? averageDimension(scores) : 0,
  };
  if (options.pruning.enabled) {
    const tolerance = options.pruning.tolerance;
    out.pruning = analyzePruning(weights, context.testSet, {
      ranking: options.pruning.ranking ?? options.strategyRanking ?? AUTO_RANKING,
      ...(tolerance !== undefined ? { tolerance: tolerance * context.labelVariance } : {}),
      teacherSize: context.teacherSize,
      layerIndex,
    });
  }
  if (options.topology.enabled && context.teacher) {
    const view = options.view ?? 'pruned';
    // The pruned view prunes the analysed hidden layer (node layer layerIndex + 1; inputs are node layer 0), the one
    // whose scores and n* the record holds; the other layers keep what survives on a path through it.
    const topologyOptions = { betweenness: false, prunedLayers: [layerIndex + 1] };
    out.topology = analyzeTopology(weights, context.teacher, { ...topologyOptions, view });
    // Next to a pruned view, the same student unpruned: the switched-off nodes' near-zero paths put the unpruned
    // spectral student far from the teacher, which shows what pruning does.
    if (view === 'pruned') {
      out.topologyFull = analyzeTopology(weights, context.teacher, { ...topologyOptions, view: 'full' });
    }
  }
  return out;
}
