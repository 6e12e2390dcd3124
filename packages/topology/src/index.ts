// @spectral-ts/topology: public API. A trained network as a graphology graph; strengths, degrees, betweenness; path
// distributions; distances to the teacher; GEXF / GraphML export.
export type {
  DistributionDistance,
  GroupHiddenLayerTopology,
  GroupTopology,
  HiddenLayerTopology,
  PathDistribution,
  QuantileKey,
  Stat,
  TrialTopology,
} from './types';

export type { KernelChain } from './kernels';
export { kernelChain, restrictChain } from './kernels';

export type { ActiveOptions, NodeSelection, PrunedOptions } from './selection';
export {
  DEFAULT_SCORE_CUTOFF,
  activeFlags,
  allNodes,
  maskedFlags,
  nodesAboveCutoff,
  prunedNodes,
  selectionSizes,
  survivingNodes,
} from './selection';

export type {
  ConnectionAttributes,
  NetworkGraph,
  NetworkGraphAttributes,
  NeuronAttributes,
  ToGraphOptions,
} from './graph/to-graph';
export { layerNodes, neuronKey, toGraph } from './graph/to-graph';
export { survivingSubgraph } from './graph/surviving-subgraph';

export type { LayerStrengths, StrengthOptions } from './metrics/strength';
export { firstLayerInStrength, layerInStrength, strengthsByLayer } from './metrics/strength';
export { activeNodesPerLayer } from './metrics/active-nodes';
export type { BetweennessOptions, LayerBetweenness } from './metrics/betweenness';
export { betweennessByLayer } from './metrics/betweenness';
export { rangeNormalize } from './metrics/range-normalize';

export type { PathValueOptions, PathValues } from './paths/path-values';
export {
  DEFAULT_MAX_EXACT_PATHS,
  DEFAULT_PATH_SAMPLES,
  exactPathValues,
  pathCount,
  pathValues,
  sampledPathValues,
} from './paths/path-values';
export type { GridMeanStd } from './paths/path-distribution';
export {
  GRID_POINTS,
  QUANTILE_LEVELS,
  interpolateSorted,
  levelGrid,
  meanSortedOnCommonGrid,
  quantiles,
  sortedOnGrid,
  toPathDistribution,
} from './paths/path-distribution';

export { distributionDistance, ksStatistic, wasserstein1 } from './distance/empirical-distance';

export type {
  AnalyzeOptions,
  PathSamplingOptions,
  StrengthNormalization,
  TeacherReference,
} from './analyze/analyze-topology';
export { STRENGTH_BIN_WIDTH, analyzeTopology, prepareTeacher } from './analyze/analyze-topology';
export { summarizeTopology } from './analyze/summarize-topology';

export type { ExportedWeight } from './export/restore';
export { SIGNED_WEIGHT_ATTRIBUTE } from './export/restore';
export type { GexfOptions } from './export/gexf';
export { parseGexf, writeGexf } from './export/gexf';
export type { GraphmlOptions } from './export/graphml';
export { parseGraphml, writeGraphml } from './export/graphml';
