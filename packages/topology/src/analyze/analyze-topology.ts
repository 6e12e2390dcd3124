/**
 * topology/analyzeTopology: one trained student against its teacher, in the shape the results files store
 * (TrialTopology): the view's active neurons, its path distribution through every layer (method spec §5.4), the
 * first-layer in-strengths (method spec §5.5), Wasserstein-1 / Kolmogorov-Smirnov distances of both to the teacher's,
 * and per hidden layer what the view keeps and how far its in-strengths lie from the teacher's same layer.
 */
import { layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import { fail } from '../errors';
import { kernelChain } from '../kernels';
import { toGraph } from '../graph/to-graph';
import { activeNodesPerLayer } from '../metrics/active-nodes';
import { betweennessByLayer } from '../metrics/betweenness';
import { histogram, latticeRange, rangeStat } from '@spectral-ts/statistics';
import { rangeNormalize } from '../metrics/range-normalize';
import { layerInStrength, strengthsByLayer } from '../metrics/strength';
import { distributionDistance } from '../distance/empirical-distance';
import { GRID_POINTS, QUANTILE_LEVELS, quantiles, toPathDistribution } from '../paths/path-distribution';
import { pathValues, type PathValues } from '../paths/path-values';
import { allNodes, nodesAboveCutoff, prunedNodes, DEFAULT_SCORE_CUTOFF, type NodeSelection } from '../selection';
import type { DistributionDistance, HiddenLayerTopology, QuantileKey, TrialTopology } from '../types';

/** How strengths are scaled before they are compared with the teacher's. */
export type StrengthNormalization = 'range' | 'none';

/** Bin width of the paper's range-normalised strength histograms (method spec §5.5). */
export const STRENGTH_BIN_WIDTH = 0.1;

/** Options shared by the student and the teacher side. */
export interface PathSamplingOptions {
  /** See pathValues: exact up to this many paths. */
  maxExactPaths?: number;
  /** See pathValues: sampled paths above maxExactPaths. */
  samples?: number;
  /** See pathValues: seed of the path sample (default 0). */
  seed?: number;
}

/** The node layers of a network's hidden layers: 1 .. layers - 1 (the last node layer is the output). */
function hiddenLayerNumbers(net: NetworkWeights): number[] {
  return Array.from({ length: Math.max(0, net.layers.length - 1) }, (_, k) => k + 1);
}

/** What the comparison needs from the teacher; compute it once per teacher with {@link prepareTeacher}. */
export interface TeacherReference {
  kind: 'teacher-reference';
  /** Sorted path values of the whole teacher. */
  paths: PathValues;
  /** k_in(j) of every first-hidden-layer neuron of the teacher, from its true direct weights (= hiddenInStrength[0]). */
  inStrength: number[];
  /** k_in(j) of every neuron of each hidden layer of the teacher, first hidden layer first. */
  hiddenInStrength: number[][];
}

/** Path values and in-strengths of the whole teacher (every neuron; method spec §5.4 overlays all teacher paths). */
export function prepareTeacher(teacher: NetworkWeights, options: PathSamplingOptions = {}): TeacherReference {
  const keep = allNodes(teacher);
  const hiddenInStrength = hiddenLayerNumbers(teacher).map((l) => layerInStrength(teacher, l, keep));
  return {
    kind: 'teacher-reference',
    paths: pathValues(teacher, { ...options, keep }),
    inStrength: hiddenInStrength[0] ?? layerInStrength(teacher, 1, keep),
    hiddenInStrength,
  };
}

export interface AnalyzeOptions extends PathSamplingOptions {
  /** 'pruned': the survivors of the score cutoff (method spec §5.4); 'full': every neuron. */
  view: 'pruned' | 'full';
  /** An explicit selection, overriding the view's (the `view` label is still recorded). */
  keep?: NodeSelection;
  /** Relative score cutoff of the pruned view (default 0.05, method spec §5.4). */
  cutoff?: number;
  /** Node layers the cutoff prunes (default [1], the first hidden layer; the analysed layer + 1 for a deeper one). */
  prunedLayers?: number[];
  /** Points of the stored sorted-path grid (default GRID_POINTS). */
  gridPoints?: number;
  /**
   * 'range' (default) divides each in-strength set by its peak-to-peak range before the distances, as the paper does
   * before its histograms (method spec §5.5), because a trained student's weights are ~10x smaller than the teacher's;
   * 'none' compares raw strengths. Path values are never rescaled: they are invariant under the node rescalings that
   * make raw weights incomparable (method spec §5.4).
   */
  strengthNormalization?: StrengthNormalization;
  /** Degrees count edges with |w| > degreeThreshold * (largest |w|) (default 0.01). */
  degreeThreshold?: number;
  /** Compute betweenness summaries (default true; about a second at N1 = 1000). */
  betweenness?: boolean;
}

/** The topology of one student view, compared with the teacher. */
export function analyzeTopology(
  student: NetworkWeights,
  teacher: NetworkWeights | TeacherReference,
  options: AnalyzeOptions,
): TrialTopology {
  if (options.view !== 'pruned' && options.view !== 'full')
    fail('analyzeTopology', `view must be 'pruned' or 'full', got '${String(options.view)}'`);
  const ref =
    'kind' in teacher && teacher.kind === 'teacher-reference'
      ? teacher
      : prepareTeacher(teacher as NetworkWeights, options);
  const normalization = options.strengthNormalization ?? 'range';
  if (normalization !== 'range' && normalization !== 'none')
    fail('analyzeTopology', `strengthNormalization must be 'range' or 'none', got '${String(normalization)}'`);
  const keep =
    options.keep ??
    (options.view === 'pruned'
      ? prunedNodes(student, { cutoff: options.cutoff ?? DEFAULT_SCORE_CUTOFF, layers: options.prunedLayers })
      : allNodes(student));

  const paths = pathValues(student, {
    keep,
    maxExactPaths: options.maxExactPaths,
    samples: options.samples,
    seed: options.seed,
  });
  const chain = kernelChain(student);
  const inStrength = layerInStrength(student, 1, keep, chain);
  if (inStrength.length === 0)
    fail('analyzeTopology', 'the view keeps no first-hidden-layer neuron, so there is no strength to compare');
  const scale = (v: number[]): number[] => (normalization === 'range' ? rangeNormalize(v) : v);
  const studentStrength = scale(inStrength);
  const teacherStrength = scale(ref.inStrength);
  const cutoff = options.cutoff ?? DEFAULT_SCORE_CUTOFF;
  const prunedLayers = options.view === 'pruned' && !options.keep ? (options.prunedLayers ?? [1]) : [];
  const hiddenLayers = hiddenLayerNumbers(student).map((l): HiddenLayerTopology => {
    const layer = student.layers[l - 1];
    const teacherSide = ref.hiddenInStrength?.[l - 1];
    let strengthDistance: DistributionDistance | undefined;
    if (teacherSide) {
      const own = l === 1 ? inStrength : layerInStrength(student, l, keep, chain);
      strengthDistance = own.length ? distributionDistance(scale(own), scale(teacherSide)) : undefined;
    }
    return {
      layer: l,
      kind: layer.kind,
      width: layerUnits(layer),
      pruned: prunedLayers.includes(l),
      aboveCutoff: nodesAboveCutoff(student, l, cutoff).length,
      ...(teacherSide ? { teacherWidth: teacherSide.length } : {}),
      ...(strengthDistance ? { strengthDistance } : {}),
    };
  });

  // One range on the 0.1 lattice for both normalised sets, so the two histograms share their bins.
  const strengthBins =
    normalization === 'range'
      ? { binWidth: STRENGTH_BIN_WIDTH, range: latticeRange([studentStrength, teacherStrength], STRENGTH_BIN_WIDTH)! }
      : {};

  const graph = toGraph(student, { keep, positions: false });
  const layers = strengthsByLayer(graph, { degreeThreshold: options.degreeThreshold ?? 0.01, relativeThreshold: true });
  const between = options.betweenness === false ? undefined : betweennessByLayer(graph);
  const teacherQ = quantiles(ref.paths.values);
  const studentQ = quantiles(paths.values);
  const quantileRatio = Object.fromEntries(
    (Object.keys(QUANTILE_LEVELS) as QuantileKey[]).map((k) => [
      k,
      teacherQ[k] !== 0 ? studentQ[k] / teacherQ[k] : null,
    ]),
  );

  return {
    view: options.view,
    activeNodes: activeNodesPerLayer(graph),
    paths: toPathDistribution(paths, options.gridPoints ?? GRID_POINTS),
    inStrength,
    pathDistance: distributionDistance(paths.values, ref.paths.values),
    strengthDistance: distributionDistance(studentStrength, teacherStrength),
    hiddenLayers,
    extra: {
      strengthNormalization: normalization,
      teacherPaths: { count: ref.paths.count, sampled: ref.paths.sampled, quantiles: teacherQ },
      /** student / teacher path quantiles: the check of method spec §9 item 10 (null where the teacher's is 0). */
      pathQuantileRatio: quantileRatio,
      /** Range-normalised first-layer in-strength histograms, bin width 0.1, percent (method spec §5.5). */
      inStrengthHistogram: {
        student: histogram(studentStrength, strengthBins),
        teacher: histogram(teacherStrength, strengthBins),
      },
      layers: layers.map((s, l) => ({
        layer: s.layer,
        nodes: s.nodes.length,
        inStrength: rangeStat(s.inStrength),
        outStrength: rangeStat(s.outStrength),
        inAbsStrength: rangeStat(s.inAbsStrength),
        inDegree: rangeStat(s.inDegree),
        outDegree: rangeStat(s.outDegree),
        inAbsStrengthHistogram: histogram(s.inAbsStrength, { bins: 20 }),
        betweenness: between ? { mean: between[l].mean, max: between[l].max } : undefined,
      })),
    },
  };
}
