/**
 * topology/types: the topology shapes, owned here. @spectral-ts/results re-exports them as part of the
 * results-directory contract (`TrialRecord.topology`, `GroupSummary.topology`), so the CLI stores what this package
 * returns as is. `Stat` (mean and std, ddof 0) comes from @spectral-ts/statistics, which owns the statistics.
 */
import type { Stat } from '@spectral-ts/statistics';

export type { Stat };

/** Sorted path values summarised on a fixed grid, so trials can be averaged (method spec §5.4). */
export interface PathDistribution {
  /** Number of input-to-output paths (exact count, even when the values were sampled). */
  count: number;
  /** Whether the values come from a sample of the paths rather than all of them (`count` stays exact). */
  sampled: boolean;
  /** Sorted path values interpolated on `GRID_POINTS` evenly spaced quantile levels in [0, 1]. */
  sortedOnGrid: number[];
  /** Quantiles at 1, 5, 25, 50, 75, 95, 99 %. */
  quantiles: Record<QuantileKey, number>;
}

/** Keys of PathDistribution.quantiles: the 1, 5, 25, 50, 75, 95 and 99 % quantiles. */
export type QuantileKey = 'q01' | 'q05' | 'q25' | 'q50' | 'q75' | 'q95' | 'q99';

/** Distances between a student's distribution and the teacher's. */
export interface DistributionDistance {
  wasserstein1: number;
  ks: number;
}

/** Topology metrics of one trained student, and its comparison with the teacher. */
export interface TrialTopology {
  /** Which sub-network these numbers describe: the pruned survivors (spectral) or the full network. */
  view: 'pruned' | 'full';
  /** Active neurons per node layer (inputs first) in the view. */
  activeNodes: number[];
  paths: PathDistribution;
  /** In-strength of the kept first-hidden-layer nodes (sum of incoming direct weights, method spec §5.5). */
  inStrength: number[];
  pathDistance: DistributionDistance;
  /** Distances of the first hidden layer's in-strengths to the teacher's (`hiddenLayers[0].strengthDistance`). */
  strengthDistance: DistributionDistance;
  /**
   * Every hidden layer of the student, first hidden layer first: which the view pruned and how far its in-strengths
   * lie from the teacher's same hidden layer. Absent in records written before it was added.
   */
  hiddenLayers?: HiddenLayerTopology[];
  /** Any further metrics: teacher comparison inputs, degree and strength distributions, betweenness summaries, plugin metrics. */
  extra?: Record<string, unknown>;
}

/** One hidden layer of a student view (see TrialTopology.activeNodes for its active neurons). */
export interface HiddenLayerTopology {
  /** Node layer: 1 is the first hidden layer (index into `activeNodes`). */
  layer: number;
  kind: 'spectral' | 'dense';
  /** Width of the layer in the full network. */
  width: number;
  /** Whether the view's score cutoff pruned this layer (the pruned view prunes the analysed layer only). */
  pruned: boolean;
  /**
   * Nodes of the layer whose score / the layer's max score exceeds the view's cutoff (0.05, method spec §5.4), in the
   * full network: the nodes the cutoff would keep, also in the layers it did not prune.
   */
  aboveCutoff: number;
  /** Width of the teacher's same hidden layer; absent when the teacher has fewer hidden layers. */
  teacherWidth?: number;
  /**
   * Distances of the view's in-strengths of this layer (sum of incoming direct weights from the kept nodes of the
   * layer before) to the teacher's same layer, scaled as `extra.strengthNormalization` says; absent without a teacher
   * layer.
   */
  strengthDistance?: DistributionDistance;
}

/** A group's HiddenLayerTopology averaged over its trials (mean +- std, ddof 0). */
export interface GroupHiddenLayerTopology {
  layer: number;
  kind: 'spectral' | 'dense';
  width: number;
  pruned: boolean;
  /** Active neurons of the layer in the view. */
  active: Stat;
  aboveCutoff: Stat;
  teacherWidth?: number;
  strengthDistance?: { wasserstein1: Stat; ks: Stat };
}

/** The `topology` part of a group summary (results' `GroupSummary.topology`): the group's trials averaged. */
export interface GroupTopology {
  paths: { grid: number[]; mean: number[]; std: number[] };
  pathDistance: { wasserstein1: Stat; ks: Stat };
  strengthDistance: { wasserstein1: Stat; ks: Stat };
  /** Every hidden layer averaged, when every trial records `hiddenLayers` for the same layers. */
  hiddenLayers?: GroupHiddenLayerTopology[];
}
