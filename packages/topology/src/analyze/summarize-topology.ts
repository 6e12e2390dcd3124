/**
 * topology/summarizeTopology: the trials of one (teacher, variant, N1) group averaged into the `topology` part of a
 * group summary: the paper's mean +- std of the sorted paths on a common grid (method spec §5.4) and the mean +- std
 * (ddof 0, method spec §5.2) of every distance to the teacher, overall and per hidden layer.
 */
import { fail } from '../errors';
import { meanSortedOnCommonGrid } from '../paths/path-distribution';
import type { GroupHiddenLayerTopology, GroupTopology, TrialTopology } from '../types';
import { meanStd, type Stat } from '@spectral-ts/statistics';

/** Mean and std (ddof 0) of one distance over the trials. */
function stat(values: number[]): Stat {
  return meanStd(values, 'topology/summarizeTopology');
}

/** Both distances averaged over the trials. */
function distanceStats(distances: { wasserstein1: number; ks: number }[]): { wasserstein1: Stat; ks: Stat } {
  return { wasserstein1: stat(distances.map((d) => d.wasserstein1)), ks: stat(distances.map((d) => d.ks)) };
}

/**
 * The hidden layers averaged, when every trial records the same layers (same node layers, kinds, widths and pruned
 * flags); undefined otherwise, e.g. for records written before `hiddenLayers` existed.
 */
function summarizeHiddenLayers(trials: TrialTopology[]): GroupHiddenLayerTopology[] | undefined {
  const first = trials[0].hiddenLayers;
  const shape = (t: TrialTopology) =>
    JSON.stringify(t.hiddenLayers?.map((h) => [h.layer, h.kind, h.width, h.pruned, h.teacherWidth ?? null]));
  if (!first || trials.some((t) => shape(t) !== shape(trials[0]))) return undefined;
  return first.map((h, k) => {
    const layers = trials.map((t) => t.hiddenLayers![k]);
    const distances = layers.flatMap((l) => (l.strengthDistance ? [l.strengthDistance] : []));
    return {
      layer: h.layer,
      kind: h.kind,
      width: h.width,
      pruned: h.pruned,
      active: stat(trials.map((t) => t.activeNodes[h.layer])),
      aboveCutoff: stat(layers.map((l) => l.aboveCutoff)),
      ...(h.teacherWidth !== undefined ? { teacherWidth: h.teacherWidth } : {}),
      ...(distances.length === layers.length ? { strengthDistance: distanceStats(distances) } : {}),
    };
  });
}

/** Averages the TrialTopology of a group's finished trials (all of one view). */
export function summarizeTopology(trials: TrialTopology[]): GroupTopology {
  if (trials.length === 0)
    fail('summarizeTopology', 'no trials were given (pass the topology of at least one finished trial)');
  const views = new Set(trials.map((t) => t.view));
  if (views.size > 1)
    fail('summarizeTopology', `the trials mix views (${[...views].join(', ')}); summarise each view separately`);
  const hiddenLayers = summarizeHiddenLayers(trials);
  return {
    paths: meanSortedOnCommonGrid(trials.map((t) => t.paths.sortedOnGrid)),
    pathDistance: distanceStats(trials.map((t) => t.pathDistance)),
    strengthDistance: distanceStats(trials.map((t) => t.strengthDistance)),
    ...(hiddenLayers ? { hiddenLayers } : {}),
  };
}
