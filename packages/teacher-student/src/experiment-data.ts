/**
 * teacher-student/experiment-data: the test set and the per-trial training sets of an experiment (method spec §2),
 * seeded so that, unlike the reference code (its "Seeding defect"), the test set is independent of every training
 * set and each trial has its own training set.
 *
 * Bookkeeping:
 * - test set: drawn once from deriveSeed(data.seed, 'test'); shared by every trial, student size and variant.
 * - trial t's training set: drawn from deriveSeed(data.seed, 'train', t); shared by both variants of trial t (paired
 *   comparison) and by every student size N1, distinct between trials. Its first (1 - validationSplit) rows are
 *   trained on, the last validationSplit rows are held out for monitoring (Keras `validation_split` semantics).
 * - the teacher is fixed by its own seed (teacher.seed), which no data stream uses.
 */
import type { Dataset } from './dataset';
import { sliceRows } from './dataset';
import { checkPositiveInteger, checkSeed, fail } from './errors';
import { createRng, deriveSeed } from './rng';
import type { Teacher } from './teachers/teacher';

/** The data section of an experiment. Every field has a default. */
export interface DataConfig {
  /** Rows per trial's training set, validation rows included. Default 10000 (method spec §2). */
  train?: number;
  /** Rows of the shared test set. Default 10000 (method spec §2). */
  test?: number;
  /** Fraction of each training set held out (its last rows), in [0, 1). Default 0.2 (method spec §2). */
  validationSplit?: number;
  /** Base seed of every data stream. Default 1. */
  seed?: number;
}

export type ResolvedDataConfig = Required<DataConfig>;

export const DATA_DEFAULTS: ResolvedDataConfig = { train: 10000, test: 10000, validationSplit: 0.2, seed: 1 };

/** One trial's data. */
export interface TrialData {
  trial: number;
  /** The seed the rows were drawn from: deriveSeed(data.seed, 'train', trial). */
  seed: number;
  /** The first (1 - validationSplit) rows: what the optimiser sees. */
  train: Dataset;
  /** The last validationSplit rows: validation loss only. */
  validation: Dataset;
  /** All rows: the reported train MSE is measured here (method spec §2). */
  all: Dataset;
}

/** Fills the data defaults and checks every field. */
export function resolveDataConfig(config: DataConfig = {}, fn = 'resolveDataConfig'): ResolvedDataConfig {
  const r: ResolvedDataConfig = {
    train: checkPositiveInteger(fn, 'data.train', config.train ?? DATA_DEFAULTS.train, 'set e.g. train: 10000'),
    test: checkPositiveInteger(fn, 'data.test', config.test ?? DATA_DEFAULTS.test, 'set e.g. test: 10000'),
    validationSplit: config.validationSplit ?? DATA_DEFAULTS.validationSplit,
    seed: checkSeed(fn, 'data.seed', config.seed ?? DATA_DEFAULTS.seed),
  };
  if (typeof r.validationSplit !== 'number' || !(r.validationSplit >= 0 && r.validationSplit < 1)) {
    fail(
      fn,
      `data.validationSplit must be a number in [0, 1), got ${JSON.stringify(r.validationSplit)} (use e.g. 0.2)`,
    );
  }
  if (trainingRows(r.train, r.validationSplit) < 1) {
    fail(
      fn,
      `data.train = ${r.train} with validationSplit ${r.validationSplit} leaves no training rows (raise data.train or lower validationSplit)`,
    );
  }
  return r;
}

/** Rows trained on: floor(rows * (1 - split)), as Keras' validation_split; the epsilon absorbs 1 - 0.2 rounding. */
export function trainingRows(rows: number, validationSplit: number): number {
  return Math.floor(rows * (1 - validationSplit) + 1e-9);
}

/** The experiment's test set: `data.test` rows from deriveSeed(data.seed, 'test'). */
export function makeTestSet(teacher: Teacher, data: DataConfig = {}): Dataset {
  const r = resolveDataConfig(data, 'makeTestSet');
  return teacher.sample(r.test, createRng(deriveSeed(r.seed, 'test')));
}

/** Trial `trial`'s training set, split into train / validation rows. */
export function makeTrialData(teacher: Teacher, data: DataConfig = {}, trial = 0): TrialData {
  const r = resolveDataConfig(data, 'makeTrialData');
  if (!Number.isInteger(trial) || trial < 0) {
    fail(
      'makeTrialData',
      `trial must be a non-negative integer, got ${JSON.stringify(trial)} (trials are numbered 0, 1, ...)`,
    );
  }
  const seed = deriveSeed(r.seed, 'train', trial);
  const all = teacher.sample(r.train, createRng(seed));
  const cut = trainingRows(r.train, r.validationSplit);
  return { trial, seed, train: sliceRows(all, 0, cut), validation: sliceRows(all, cut, all.rows), all };
}
