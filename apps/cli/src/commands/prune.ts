/**
 * cli/commands/prune: `spectral prune FILE --out OUT (--keep N | --cutoff C)`: removes first-hidden-layer nodes of a
 * trained network by a ranking (default: the paper's, method spec §4) and writes the smaller network, structurally
 * pruned (the nodes and their outgoing weights deleted) or masked (lambda set to 0, same shapes).
 */
import * as path from 'path';
import * as pruning from '@spectral-ts/pruning';
import { nodeScores } from '@spectral-ts/spectral';
import { writeJsonAtomic } from '@spectral-ts/results';
import { asUsageError, usage } from '../errors';
import { loadNetwork } from './load-network';

export interface PruneOptions {
  out: string;
  /** Keep the N highest-ranked nodes. */
  keep?: number;
  /** Keep nodes whose score / max score is > C (method spec §4's strict cutoff). */
  cutoff?: number;
  ranking?: string;
  /** 'structural' (default) deletes nodes; 'mask' zeroes their eigenvalue. */
  mode?: 'structural' | 'mask';
}

export interface PruneReport {
  file: string;
  out: string;
  units: number;
  kept: number[];
  ranking: string;
}

export async function pruneNetwork(file: string, options: PruneOptions): Promise<PruneReport> {
  if ((options.keep === undefined) === (options.cutoff === undefined))
    usage('prune', 'give exactly one of --keep N or --cutoff C (e.g. --cutoff 0.05)');
  if (options.keep !== undefined && !(Number.isInteger(options.keep) && options.keep >= 1))
    usage('prune', `--keep must be a positive integer, got ${options.keep}`);
  if (options.cutoff !== undefined && !(options.cutoff >= 0 && options.cutoff < 1))
    usage('prune', `--cutoff must be in [0, 1), got ${options.cutoff} (e.g. 0.05, method spec §5.4)`);
  const net = await loadNetwork(file, 'prune');
  const units = nodeScores(net.layers[0]).length;
  let kept: number[];
  let ranking: string;
  try {
    const ranked = pruning.rankNodes(net, { ranking: options.ranking ?? 'auto' });
    ranking = ranked.ranking;
    const max = Math.max(...ranked.scores);
    if (options.keep !== undefined) {
      if (options.keep > units) usage('prune', `--keep ${options.keep} is more than the layer's ${units} nodes`);
      kept = ranked.removalOrder.slice(units - options.keep).sort((a, b) => a - b);
    } else {
      kept = ranked.scores.map((s, i) => (max > 0 && s / max > options.cutoff! ? i : -1)).filter((i) => i >= 0);
    }
    if (kept.length === 0) usage('prune', `--cutoff ${options.cutoff} keeps no node (lower it)`);
    const pruned = options.mode === 'mask' ? pruning.maskNodes(net, 0, kept) : pruning.pruneStructurally(net, 0, kept);
    writeJsonAtomic(path.resolve(options.out), pruned);
  } catch (err) {
    throw asUsageError('prune', file, err);
  }
  return { file, out: path.resolve(options.out), units, kept, ranking };
}
