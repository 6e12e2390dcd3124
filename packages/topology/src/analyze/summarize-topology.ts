/**
 * topology/summarizeTopology: the trials of one (teacher, variant, N1) group averaged into the `topology` part of a
 * group summary: the paper's mean +- std of the sorted paths on a common grid (method spec §5.4) and the mean +- std
 * (ddof 0, method spec §5.2) of every distance to the teacher.
 */
import { fail } from '../errors';
import { meanSortedOnCommonGrid } from '../paths/path-distribution';
import type { GroupTopology, TrialTopology } from '../types';
import { meanStd, type Stat } from '@spectral-ts/statistics';

/** Mean and std (ddof 0) of one distance over the trials. */
function stat(values: number[]): Stat {
  return meanStd(values, 'topology/summarizeTopology');
}

/** Averages the TrialTopology of a group's finished trials (all of one view). */
export function summarizeTopology(trials: TrialTopology[]): GroupTopology {
  if (trials.length === 0)
    fail('summarizeTopology', 'no trials were given (pass the topology of at least one finished trial)');
  const views = new Set(trials.map((t) => t.view));
  if (views.size > 1)
    fail('summarizeTopology', `the trials mix views (${[...views].join(', ')}); summarise each view separately`);
  return {
    paths: meanSortedOnCommonGrid(trials.map((t) => t.paths.sortedOnGrid)),
    pathDistance: {
      wasserstein1: stat(trials.map((t) => t.pathDistance.wasserstein1)),
      ks: stat(trials.map((t) => t.pathDistance.ks)),
    },
    strengthDistance: {
      wasserstein1: stat(trials.map((t) => t.strengthDistance.wasserstein1)),
      ks: stat(trials.map((t) => t.strengthDistance.ks)),
    },
  };
}
