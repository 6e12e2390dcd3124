/**
 * topology/types: the shapes this package hands to the results files. They mirror `TrialTopology`,
 * `PathDistribution`, `DistributionDistance` and `GroupSummary.topology` of @spectral-ts/results (results sits
 * downstream of topology, so this package cannot import them; TypeScript's structural typing lets the CLI store these
 * values there directly).
 */

/** Mean and standard deviation (ddof 0, method spec §5.2) over n values. */
export interface Stat {
  mean: number;
  std: number;
  n: number;
}

/** Sorted path values summarised on a fixed grid, so trials can be averaged (method spec §5.4). */
export interface PathDistribution {
  /** Number of input-to-output paths (exact count, even when the values were sampled). */
  count: number;
  /** Whether the values come from a sample of the paths rather than all of them. */
  sampled: boolean;
  /** Sorted path values interpolated on GRID_POINTS evenly spaced quantile levels in [0, 1]. */
  sortedOnGrid: number[];
  /** Quantiles at 1, 5, 25, 50, 75, 95, 99 %. */
  quantiles: Record<QuantileKey, number>;
}

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
  strengthDistance: DistributionDistance;
  /** Further metrics: teacher comparison inputs, degree and strength distributions, betweenness summaries. */
  extra?: Record<string, unknown>;
}

/** The `topology` part of a group summary: trials averaged. */
export interface GroupTopology {
  paths: { grid: number[]; mean: number[]; std: number[] };
  pathDistance: { wasserstein1: Stat; ks: Stat };
  strengthDistance: { wasserstein1: Stat; ks: Stat };
}
