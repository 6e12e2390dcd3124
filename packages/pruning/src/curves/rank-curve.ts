/**
 * pruning/rankCurve: test MSE and deltaMse at every kept count n = N .. 0, removing nodes one at a time in ascending
 * score (a port addition, method spec §4: the cutoff ramp has few points near n = h_T).
 */
import { layerUnits, type NetworkWeights } from '@spectral-ts/spectral';
import type { Dataset } from '@spectral-ts/teacher-student';
import { rankNodes, type NodeRankResult, type RankOptions } from '../rankings';
import type { CurvePoint } from '../types';
import { evaluateRemovals } from './removal-evaluator';

/** A rank curve with the ranking it came from. */
export interface RankCurveResult extends NodeRankResult {
  /** Test MSE of the network as given (nothing removed). */
  msePre: number;
  /** One point per kept count, from N (nothing removed) down to 0. */
  points: CurvePoint[];
}

/** The rank curve of an already ranked layer (removal order given). */
export function rankCurveFromOrder(
  net: NetworkWeights,
  data: Dataset,
  layerIndex: number,
  order: readonly number[],
): { msePre: number; points: CurvePoint[] } {
  const all = new Set(order.map((_, m) => m + 1).concat(0));
  const mse = evaluateRemovals('rankCurve', net, data, layerIndex, order, all);
  const units = layerUnits(net.layers[layerIndex]);
  const msePre = mse.get(0)!;
  const points: CurvePoint[] = [];
  for (let m = 0; m <= order.length; m++) {
    const testMse = mse.get(m)!;
    points.push({ kept: units - m, testMse, deltaMse: Math.abs(testMse - msePre) });
  }
  return { msePre, points };
}

/** Ranks the layer and removes its nodes one at a time in ascending score; deltaMse is known at every n. */
export function rankCurve(net: NetworkWeights, data: Dataset, options: RankOptions = {}): RankCurveResult {
  const ranked = rankNodes(net, options);
  return { ...ranked, ...rankCurveFromOrder(net, data, ranked.layerIndex, ranked.removalOrder) };
}
