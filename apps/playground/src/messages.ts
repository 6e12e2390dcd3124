/** playground/messages: what the page and its training worker say to each other. */
import type { NetworkWeights } from '@spectral-ts/spectral';
import type { CurvePoint } from '@spectral-ts/pruning';
import type { Settings, Variant } from './settings';

/** 'drawn' tells the worker the page has drawn its last snapshot, so it may send the next one. */
export type ToWorker =
  { type: 'start'; settings: Settings; variant: Variant } | { type: 'pause' } | { type: 'resume' } | { type: 'drawn' };

/** One snapshot of a training run; `history` holds the epochs since the previous snapshot. */
export interface Snapshot {
  variant: Variant;
  epoch: number;
  epochs: number;
  history: { epoch: number; trainLoss: number; valMse: number | null }[];
  weights: NetworkWeights;
  /** The ranking's node scores of the first hidden layer (L_i, method spec §4). */
  scores: number[];
  /** Nodes with score >= 0.05 of the maximum (method spec §5.2). */
  activeNodes: number;
  testMse: number;
  teacherSize: number;
}

export interface Finished extends Snapshot {
  /** Pruning by ascending score, one point per kept count n = N1 .. 0 (method spec §4, rank curve). */
  curve: CurvePoint[];
  removalOrder: number[];
  engine: string;
}

export type FromWorker =
  | ({ type: 'progress' } & Snapshot)
  | ({ type: 'done' } & Finished)
  | { type: 'error'; variant: Variant; message: string };
